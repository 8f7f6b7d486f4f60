//! `loss::evaluate_in` computes a loss only in the instantiations whose set holds the loss's
//! catalogue group: each loss is evaluated (or refused for its own reasons) by its group's, and
//! refused by every other group's.

use nnfunc::catalogue::{of_kind, Group, Kind};
use nnfunc::loss::{evaluate_in, groups, Groups, Inputs, LossResult};
use nnfunc::Params;

fn refused_here(result: &nnfunc::error::Result<LossResult>) -> bool {
    matches!(result, Err(e) if e.to_string().contains("not one of the losses evaluated here"))
}

macro_rules! check_group {
    ($group:ident) => {{
        const SET: Groups = groups(&[Group::$group]);
        let mut own = 0;
        for spec in of_kind(Kind::Loss) {
            let result = evaluate_in::<SET>(&Params::defaults(spec), &Inputs::default(), None);
            let in_group = spec.group == Group::$group;
            own += usize::from(in_group);
            assert_eq!(
                refused_here(&result),
                !in_group,
                "{} ({:?}) in the instantiation for {:?}",
                spec.name,
                spec.group,
                Group::$group
            );
        }
        assert!(own > 0, "{:?} has losses", Group::$group);
    }};
}

#[test]
fn each_loss_is_evaluated_in_its_own_groups_instantiation_only() {
    check_group!(Regression);
    check_group!(Classification);
    check_group!(Sequence);
    check_group!(Binary);
    check_group!(Distribution);
    check_group!(Ranking);
    check_group!(Triplet);
}
