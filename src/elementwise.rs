//! The catalogue's elementwise activations as the app offers them: the menu (the lecture's
//! group, then the rest of torch.nn, in catalogue order) and the function a call makes. The
//! activation explorer and the training lab both list these.

use nnfunc::activation::{Activation, Elementwise};
use nnfunc::catalogue::{Group, Kind};
use nnfunc::{FnSpec, Params, CATALOGUE};

use crate::url::codec::{format_param_value, param_key};

/// Menu groups, in order. The softmax family acts on whole vectors and has its own view.
pub const GROUPS: [Group; 2] = [Group::LectureActivation, Group::MoreActivation];

/// Whether the explorer can plot `spec`: an activation that acts elementwise.
pub fn is_elementwise(spec: &FnSpec) -> bool {
    spec.kind == Kind::Activation
        && GROUPS.contains(&spec.group)
        && matches!(
            Activation::with_defaults(spec_ref(spec)),
            Ok(Activation::Elementwise(_))
        )
}

/// The catalogue's `'static` entry for `spec` (by id).
fn spec_ref(spec: &FnSpec) -> &'static FnSpec {
    spec.id.spec()
}

/// The functions of the menu, in catalogue order (grouped: the lecture's, then the rest of torch.nn).
pub fn functions() -> impl Iterator<Item = &'static FnSpec> {
    GROUPS.into_iter().flat_map(|group| {
        CATALOGUE
            .iter()
            .filter(move |spec| spec.group == group && is_elementwise(spec))
    })
}

/// The elementwise function for `params`, or PyTorch's refusal as a message.
pub fn elementwise(params: &Params) -> Result<Elementwise, String> {
    match Activation::from_params(params) {
        Ok(Activation::Elementwise(e)) => Ok(e),
        Ok(Activation::Softmax { .. }) => {
            Err("this function acts on whole vectors: see the Softmax view".into())
        }
        Ok(Activation::Glu { .. }) => {
            Err("glu splits its input in halves a and b (a·σ(b)): it is not element-wise, so this plot cannot draw it".into())
        }
        Err(e) => Err(e.to_string()),
    }
}

/// Whether `key` is a `<function>.<parameter>` query key of one of these functions.
pub fn is_param_key(key: &str) -> bool {
    key.split_once('.').is_some_and(|(function, param)| {
        functions().any(|spec| spec.name == function && spec.params.iter().any(|p| p.name == param))
    })
}

/// The query key of the list of functions (`fn=elu,relu`), in the explorer and the training lab.
pub const FUNCTIONS_KEY: &str = "fn";

/// The query pairs of `functions` with their parameters: `fn=<a>,<b>`, then each parameter as
/// `<function>.<parameter>=<value>`.
pub fn to_pairs(functions: &[Params]) -> Vec<(String, String)> {
    let names: Vec<&str> = functions.iter().map(|p| p.spec.name).collect();
    let mut pairs = vec![(FUNCTIONS_KEY.to_string(), names.join(","))];
    for params in functions {
        for param in params.spec.params {
            if let Some(value) = params.get(param.name).and_then(format_param_value) {
                pairs.push((param_key(params.spec.name, param), value));
            }
        }
    }
    pairs
}
