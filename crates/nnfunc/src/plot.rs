//! Plot-safe data helpers (being written).
