//! The versions of an objective in successive plans. An objective of a plan continues an
//! objective of the plan before it (in order of time, [`Site::chronological`]): the one its
//! `obiettivo_precedente` names, or else the one with its own code. Each objective of the earlier
//! plan is continued at most once, the explicit links first; so the versions of an objective form
//! one chain, oldest first. Found once per build, for every page to read.

use std::collections::{HashMap, HashSet};

use super::Site;

/// Every chain of two or more versions of one objective.
#[derive(Debug, Clone, Default)]
pub struct Versions {
    /// Each chain, oldest first: positions in [`Site::plans`] and in that plan's objectives.
    chains: Vec<Vec<(usize, usize)>>,
    /// For each plan (by position in [`Site::plans`]), the chain of each objective that has one.
    by_plan: Vec<HashMap<String, usize>>,
}

/// Why an objective continues none in the previous plan although its `obiettivo_precedente`
/// names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrokenLink {
    /// The previous plan has no objective with that code.
    Missing,
    /// Another objective of the plan continues it already (its position in the plan).
    Taken(usize),
}

impl Versions {
    /// The versions of the objectives of `site`.
    pub fn new(site: &Site) -> Versions {
        let order = site.chronological();
        let mut previous_of: HashMap<(usize, usize), (usize, usize)> = HashMap::new();
        for pair in order.windows(2) {
            let (before, after) = (pair[0], pair[1]);
            for (objective, earlier) in links(site, before, after).found {
                previous_of.insert((after, objective), (before, earlier));
            }
        }
        let mut chain_of: HashMap<(usize, usize), usize> = HashMap::new();
        let mut chains: Vec<Vec<(usize, usize)>> = Vec::new();
        for &plan in &order {
            for objective in 0..site.plans[plan].objectives.len() {
                let chain = match previous_of.get(&(plan, objective)).and_then(|earlier| chain_of.get(earlier)) {
                    Some(&chain) => chain,
                    None => {
                        chains.push(Vec::new());
                        chains.len() - 1
                    }
                };
                chains[chain].push((plan, objective));
                chain_of.insert((plan, objective), chain);
            }
        }
        chains.retain(|chain| chain.len() > 1);
        let mut by_plan = vec![HashMap::new(); site.plans.len()];
        for (number, chain) in chains.iter().enumerate() {
            for &(plan, objective) in chain {
                by_plan[plan].insert(site.plans[plan].objectives[objective].code.clone(), number);
            }
        }
        Versions { chains, by_plan }
    }

    /// The versions of the objective `code` of the plan at `plan` in [`Site::plans`], oldest first,
    /// itself included; empty when it has no other version.
    pub fn of(&self, plan: usize, code: &str) -> &[(usize, usize)] {
        match self.by_plan.get(plan).and_then(|codes| codes.get(code)) {
            Some(&chain) => &self.chains[chain],
            None => &[],
        }
    }

    /// True when the objective `code` of the plan at `plan` has other versions.
    pub fn has_others(&self, plan: usize, code: &str) -> bool {
        !self.of(plan, code).is_empty()
    }
}

/// Which objectives of one plan continue which of the plan before it.
pub struct Links {
    /// Each objective of the later plan that continues one of the earlier, with that one
    /// (positions in each plan's objectives).
    pub found: Vec<(usize, usize)>,
    /// The objectives of the later plan whose `obiettivo_precedente` continues none, and why.
    pub broken: Vec<(usize, BrokenLink)>,
}

/// Which objectives of the plan at `after` continue which of the plan at `before` (positions in
/// [`Site::plans`]).
pub fn links(site: &Site, before: usize, after: usize) -> Links {
    let earlier: HashMap<&str, usize> =
        site.plans[before].objectives.iter().enumerate().map(|(i, o)| (o.code.as_str(), i)).collect();
    let objectives = &site.plans[after].objectives;
    let mut taken: HashMap<usize, usize> = HashMap::new();
    let mut found = Vec::new();
    let mut broken = Vec::new();
    for (position, objective) in objectives.iter().enumerate() {
        let Some(previous) = objective.previous.as_deref() else { continue };
        match earlier.get(previous) {
            None => broken.push((position, BrokenLink::Missing)),
            Some(earlier) => match taken.get(earlier) {
                Some(&first) => broken.push((position, BrokenLink::Taken(first))),
                None => {
                    taken.insert(*earlier, position);
                    found.push((position, *earlier));
                }
            },
        }
    }
    let explicit: HashSet<usize> = taken.keys().copied().collect();
    for (position, objective) in objectives.iter().enumerate().filter(|(_, o)| o.previous.is_none()) {
        if let Some(&earlier) = earlier.get(objective.code.as_str())
            && !explicit.contains(&earlier)
        {
            found.push((position, earlier));
        }
    }
    Links { found, broken }
}
