//! `{{#each}}` with a budget. handlebars' own `each` repeats its block once per item without
//! limit, so loops nested inside loops multiply: twelve `{{#each @root.messages}}` over a
//! 30-message event are 30¹² iterations. When they print, the output limit stops them; when
//! they print nothing, nothing did, and a draft ran for hours. This `each` behaves as
//! handlebars' (`@index`, `@first`, `@last`, `@key`, block parameters, `{{else}}`, paths for
//! `../`) and charges every iteration to the render (`limits::MAX_LOOP_STEPS`), so the
//! whole render stays bounded in time whatever the template and the data.

use handlebars::{
    to_json, BlockContext, BlockParams, Context, Handlebars, Helper, HelperDef, HelperResult,
    JsonValue as Json, Output, PathAndJson, RenderContext, RenderError, RenderErrorReason,
    Renderable,
};

use super::context;
use super::limits::MAX_LOOP_STEPS;

pub(crate) struct Each;

/// The error a render stops with when its loops pass the budget; `render_error` words it.
pub(crate) const LOOPS_EXHAUSTED: &str = "lectern: loop budget exhausted";

/// Charge `steps` to the current render; an error once the render has used its budget.
fn charge(steps: u64) -> Result<(), RenderError> {
    let over = context::state(|s| {
        s.loop_steps = s.loop_steps.saturating_add(steps);
        s.loop_steps > MAX_LOOP_STEPS
    })
    .unwrap_or(false);
    if over {
        Err(RenderErrorReason::Other(LOOPS_EXHAUSTED.to_string()).into())
    } else {
        Ok(())
    }
}

fn block_for<'rc>(value: &PathAndJson<'rc>) -> BlockContext<'rc> {
    let mut block = BlockContext::new();
    if let Some(path) = value.context_path() {
        block.base_path_mut().clone_from(path);
    } else {
        block.set_base_value(value.value().clone());
    }
    block
}

/// Point the block at item `key` of the list or object being walked.
fn enter<'rc>(
    block: &mut BlockContext<'rc>,
    h: &Helper<'rc>,
    base: Option<&Vec<String>>,
    key: &str,
    key_json: &Json,
    first: bool,
    item: &Json,
) -> Result<(), RenderError> {
    match base {
        Some(path) => {
            if first {
                let mut p = path.clone();
                p.push(key.to_string());
                *block.base_path_mut() = p;
            } else if let Some(last) = block.base_path_mut().last_mut() {
                *last = key.to_string();
            }
        }
        None => block.set_base_value(item.clone()),
    }
    let mut params = BlockParams::new();
    if let Some(name) = h.block_param() {
        add(&mut params, name, base, item)?;
        block.set_block_params(params);
    } else if let Some((name, key_name)) = h.block_param_pair() {
        add(&mut params, name, base, item)?;
        params.add_value(key_name, key_json.clone())?;
        block.set_block_params(params);
    }
    Ok(())
}

fn add<'rc>(
    params: &mut BlockParams<'rc>,
    name: &'rc str,
    base: Option<&Vec<String>>,
    item: &Json,
) -> Result<(), RenderError> {
    if base.is_some() {
        params.add_path(name, Vec::new())
    } else {
        params.add_value(name, item.clone())
    }
}

impl HelperDef for Each {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let value = h
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("each", 0))?;
        let Some(body) = h.template() else {
            return Ok(());
        };
        // Each iteration costs one step plus one per element of the block, so a loop over a
        // large block is charged for the work it does, not only for being a loop.
        let cost = 1 + body.elements.len() as u64;
        let path = value.context_path();
        match value.value() {
            Json::Array(list) if !list.is_empty() || h.inverse().is_none() => {
                rc.push_block(block_for(value));
                let len = list.len();
                for (i, item) in list.iter().enumerate() {
                    charge(cost)?;
                    if let Some(block) = rc.block_mut() {
                        let index = to_json(i);
                        block.set_local_var("first", to_json(i == 0));
                        block.set_local_var("last", to_json(i + 1 == len));
                        block.set_local_var("index", index.clone());
                        enter(block, h, path, &i.to_string(), &index, i == 0, item)?;
                    }
                    body.render(r, ctx, rc, out)?;
                }
                rc.pop_block();
                Ok(())
            }
            Json::Object(map) if !map.is_empty() || h.inverse().is_none() => {
                rc.push_block(block_for(value));
                let len = map.len();
                for (i, (k, item)) in map.iter().enumerate() {
                    charge(cost)?;
                    if let Some(block) = rc.block_mut() {
                        let key = to_json(k);
                        block.set_local_var("first", to_json(i == 0));
                        block.set_local_var("last", to_json(i + 1 == len));
                        block.set_local_var("key", key.clone());
                        block.set_local_var("index", to_json(i));
                        enter(block, h, path, k, &key, i == 0, item)?;
                    }
                    body.render(r, ctx, rc, out)?;
                }
                rc.pop_block();
                Ok(())
            }
            _ => match h.inverse() {
                Some(other) => other.render(r, ctx, rc, out),
                None if r.strict_mode() => Err(RenderError::strict_error(value.relative_path())),
                None => Ok(()),
            },
        }
    }
}
