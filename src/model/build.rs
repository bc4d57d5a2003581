//! Raw tables to typed records: one function per table, reading every cell of a row before giving
//! up on it, so that all the problems of a row are reported together.

use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::load::{self, measures::Amount};
use crate::load::{PlanSources, RawTable, TableSet};
use crate::schema::{INDICATOR_MEASURES, MEASURE_KINDS, Measure, TableId, schema};

use super::progress::{Progress, ProgressRecords};
use super::record::Value;
use super::row::Row;
use super::types::*;

/// Reads every row of a table with `read`, in parallel, keeping the records it could build; the
/// problems are reported in row order.
fn records<T: Send>(
    table: &Arc<RawTable>,
    config: &Config,
    diagnostics: &mut Diagnostics,
    read: impl Fn(&mut Row) -> Option<T> + Sync,
) -> Vec<T> {
    let read_row = |index| {
        let mut found = Diagnostics::new();
        let record = read(&mut Row::new(table, index, config, &mut found));
        (record, found)
    };
    let rows: Vec<(Option<T>, Diagnostics)> = (0..table.rows.len()).into_par_iter().map(read_row).collect();
    rows.into_iter()
        .filter_map(|(record, found)| {
            diagnostics.extend(found);
            record
        })
        .collect()
}

/// The table `id` of a set (an empty one if the loader produced none).
pub fn table(set: &TableSet, id: TableId, path: &str) -> Arc<RawTable> {
    set.get(&id).cloned().unwrap_or_else(|| Arc::new(RawTable::empty(path.to_string(), schema(id))))
}

/// The only record of a one-record table, reporting zero or more records.
fn single<T>(table: &Arc<RawTable>, mut found: Vec<T>, diagnostics: &mut Diagnostics) -> Option<T> {
    if found.len() > 1 || (table.rows.len() > 1 && !table.incomplete) {
        let row = table.rows.get(1).map(|r| r.row);
        diagnostics.push(
            Diagnostic::new(
                Rule::SingleRecord,
                table.file_location(row),
                format!("`{}` deve avere una sola riga di dati, ne ha {}", table.schema.file, table.rows.len()),
            )
            .expected("una sola riga dopo l'intestazione")
            .hint("tenere una sola riga: per un altro piano creare un'altra cartella in data/"),
        );
        return None;
    }
    if table.rows.is_empty() && !table.incomplete {
        diagnostics.push(
            Diagnostic::new(
                Rule::SingleRecord,
                table.file_location(Some(2)),
                format!("`{}` non ha la riga di dati", table.schema.file),
            )
            .expected("una riga di dati dopo l'intestazione")
            .hint("compilare la riga sotto l'intestazione"),
        );
    }
    found.pop()
}

/// `ente.csv`.
pub fn entity(set: &TableSet, config: &Config, diagnostics: &mut Diagnostics) -> Option<Entity> {
    let table = table(set, TableId::Entity, "data/ente.csv");
    let found = records(&table, config, diagnostics, |row| {
        let name = row.text("denominazione");
        let entity = Entity {
            name: String::new(),
            kind: row.text("tipologia"),
            address: row.text("indirizzo"),
            postcode: row.text("cap"),
            town: row.text("comune"),
            province: row.text("provincia"),
            tax_code: row.text("codice_fiscale"),
            vat_number: row.text("partita_iva"),
            ipa_code: row.text("codice_ipa"),
            phone: row.text("telefono"),
            email: row.text("email"),
            pec: row.text("pec"),
            website: row.link("sito_web"),
            employees: row.integer("dipendenti"),
            employees_at: row.date("dipendenti_al"),
            inhabitants: row.integer("abitanti"),
            inhabitants_at: row.date("abitanti_al"),
            updated: row.date("data_aggiornamento"),
            record: row.record(),
        };
        Some(Entity { name: name?, ..entity })
    });
    single(&table, found, diagnostics)
}

/// `strutture.csv`.
pub fn offices(set: &TableSet, config: &Config, diagnostics: &mut Diagnostics) -> Vec<Office> {
    let table = table(set, TableId::Offices, "data/strutture.csv");
    records(&table, config, diagnostics, |row| {
        let (code, name) = (row.code("codice"), row.text("nome"));
        let office = Office {
            code: String::new(),
            name: String::new(),
            kind: row.text("tipo"),
            parent: row.code("struttura_superiore"),
            head: row.text("responsabile"),
            email: row.text("email"),
            phone: row.text("telefono"),
            from: row.date("dal"),
            to: row.date("al"),
            updated: row.date("data_aggiornamento"),
            record: row.record(),
        };
        Some(Office { code: code?, name: name?, ..office })
    })
}

/// `delibere.csv`.
pub fn deliberations(set: &TableSet, config: &Config, diagnostics: &mut Diagnostics) -> Vec<Deliberation> {
    let table = table(set, TableId::Deliberations, "data/delibere.csv");
    records(&table, config, diagnostics, |row| {
        let (organ, number, date, subject) =
            (row.text("organo"), row.code("numero"), row.date("data"), row.text("oggetto"));
        let (kind, protocol, document, updated) =
            (row.text("tipo"), row.text("protocollo"), row.link("documento"), row.date("data_aggiornamento"));
        Some(Deliberation {
            organ: organ?,
            number: number?,
            date: date?,
            subject: subject?,
            kind,
            protocol,
            document,
            updated,
            record: row.record(),
        })
    })
}

/// One plan folder: `piano.csv` and the plan's tables.
pub fn plan(sources: &PlanSources, config: &Config, diagnostics: &mut Diagnostics) -> Option<Plan> {
    let path = |id: TableId| format!("data/{}/{}", sources.id, schema(id).file);
    let set = &sources.tables;
    let plan_table = table(set, TableId::Plan, &path(TableId::Plan));
    let found = records(&plan_table, config, diagnostics, |row| {
        let (title, start, end) = (row.text("titolo"), row.year("anno_inizio"), row.year("anno_fine"));
        let (approval, approved_on) = (row.deliberation_ref("delibera_approvazione"), row.date("data_approvazione"));
        let (description, updated) = (row.long_text("descrizione"), row.date("data_aggiornamento"));
        let reference_date = row.date("data_riferimento");
        Some((title?, start?, end?, approval, approved_on, description, updated, reference_date, row.record()))
    });
    // The plan's tables are read (and their cells checked) even when `piano.csv` is unusable, so
    // that one broken file does not hide the problems of the others.
    let tables = |id: TableId| table(set, id, &path(id));
    let areas = areas(&tables(TableId::StrategicAreas), config, diagnostics);
    let strategic_objectives = strategic_objectives(&tables(TableId::StrategicObjectives), config, diagnostics);
    let objectives = objectives(&tables(TableId::Objectives), config, diagnostics);
    let steps = steps(&tables(TableId::Steps), config, diagnostics);
    let indicators = indicators(&tables(TableId::Indicators), config, diagnostics);
    let mut rounds = rounds(&tables(TableId::MonitoringRounds), config, diagnostics);
    rounds.sort_by_key(|round| round.reference_date);
    let measurements = measurements(&tables(TableId::Measurements), config, diagnostics);
    let reports = reports(&tables(TableId::Reports), config, diagnostics);
    let results = results(&tables(TableId::Results), config, diagnostics);
    let objective_staff = objective_staff(&tables(TableId::ObjectiveStaff), config, diagnostics);
    let staffing = staffing(&tables(TableId::Staffing), config, diagnostics);
    let hiring = hiring(&tables(TableId::Hiring), config, diagnostics);
    let (title, start_year, end_year, approval, approved_on, description, updated, reference_date, record) =
        single(&plan_table, found, diagnostics)?;
    let reference_date = reference_date.or(rounds.last().map(|round| round.reference_date));
    let (mut objectives, mut steps, mut measurements) = (objectives, steps, measurements);
    read_by_measure(&mut measurements, &indicators, diagnostics);
    for objective in &mut objectives {
        let what = format!("dell'obiettivo {}", objective.code);
        read_period(&mut objective.schedule, &objective.record.origin, &what, start_year, diagnostics);
    }
    for step in &mut steps {
        let what = format!("della fase {}", step.code());
        read_period(&mut step.schedule, &step.record.origin, &what, start_year, diagnostics);
    }
    let mut plan = Plan {
        id: sources.id.clone(),
        title,
        start_year,
        end_year,
        approval,
        approved_on,
        description,
        updated,
        areas,
        strategic_objectives,
        objectives,
        reference_date,
        rounds,
        measurements,
        reports,
        results,
        index: PlanIndex::new(&steps, &indicators, &objective_staff),
        objective_staff,
        steps,
        indicators,
        staffing,
        hiring,
        record,
        progress: Progress::default(),
        progress_records: ProgressRecords::default(),
    };
    plan.progress = Progress::of(&plan, config.monitoraggio.metodo);
    plan.progress_records = super::progress::records(&plan, config);
    Some(plan)
}

fn areas(table: &Arc<RawTable>, config: &Config, diagnostics: &mut Diagnostics) -> Vec<StrategicArea> {
    records(table, config, diagnostics, |row| {
        let (code, name) = (row.code("codice"), row.text("nome"));
        let (description, political_referent) = (row.long_text("descrizione"), row.text("referente_politico"));
        Some(StrategicArea { code: code?, name: name?, description, political_referent, record: row.record() })
    })
}

fn strategic_objectives(
    table: &Arc<RawTable>,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Vec<StrategicObjective> {
    records(table, config, diagnostics, |row| {
        let (code, area, title, dup_reference) =
            (row.code("codice"), row.code("area"), row.text("titolo"), row.text("riferimento_dup"));
        Some(StrategicObjective { code: code?, area: area?, title: title?, dup_reference, record: row.record() })
    })
}

pub(super) fn objectives(table: &Arc<RawTable>, config: &Config, diagnostics: &mut Diagnostics) -> Vec<Objective> {
    records(table, config, diagnostics, |row| {
        let (code, title, kind) = (row.code("codice"), row.text("titolo"), row.choice("tipo"));
        let objective = Objective {
            code: String::new(),
            title: String::new(),
            kind: String::new(),
            description: row.long_text("descrizione"),
            schedule: schedule(row),
            dup_reference: row.text("riferimento_dup"),
            coordinating_office: row.code("struttura_coordinatrice"),
            strategic_objectives: row.codes("obiettivi_strategici"),
            areas: row.codes("aree_strategiche"),
            public_value: row.list("dimensioni_valore_pubblico"),
            offices: row.codes("strutture"),
            stakeholders: row.list("stakeholder"),
            weight: row.percent("peso_primo_anno"),
            first_year: row.year("anno_primo_inserimento"),
            previous: row.text("obiettivo_precedente"),
            tags: row.list("etichette"),
            updated: row.date("data_aggiornamento"),
            record: row.record(),
        };
        Some(Objective { code: code?, title: title?, kind: kind?, ..objective })
    })
}

pub(super) fn steps(table: &Arc<RawTable>, config: &Config, diagnostics: &mut Diagnostics) -> Vec<Step> {
    records(table, config, diagnostics, |row| {
        let (objective, code, described) =
            (row.code("obiettivo"), row.code("codice"), row.long_text("descrizione").is_some());
        let schedule = schedule(row);
        row.long_text("kpi");
        if !described || objective.is_none() || code.is_none() {
            return None;
        }
        // Read for their checks and kept in the record, where the step reads them.
        row.percent("peso_obiettivo");
        row.percent("peso_primo_anno");
        row.date("data_aggiornamento");
        Some(Step { schedule, record: row.record() })
    })
}

/// The `scadenza` and `periodo` of a row; the period is read into dates by [`read_period`], once
/// the plan's years are known.
fn schedule(row: &mut Row) -> Schedule {
    Schedule { deadline: row.date("scadenza"), period: row.text("periodo"), period_dates: None }
}

/// Reads the period of `schedule` (of the record at `origin`, `what` in messages) as a range of
/// dates, a month without a year in the plan's first year `start_year`; a period that cannot be
/// read stays as text, with a warning.
pub(super) fn read_period(
    schedule: &mut Schedule,
    origin: &crate::model::Origin,
    what: &str,
    start_year: i32,
    diagnostics: &mut Diagnostics,
) {
    let Some(text) = &schedule.period else { return };
    schedule.period_dates = crate::load::periods::parse_period(text, start_year);
    if schedule.period_dates.is_none() {
        diagnostics.push(
            Diagnostic::new(
                Rule::UnreadPeriod,
                origin.at("periodo"),
                format!("il periodo «{text}» {what} non si riesce a leggere come intervallo di date"),
            )
            .value(text)
            .expected("un periodo come `gennaio/febbraio`, `da marzo a giugno 2026`, `entro giugno`, `I trimestre`, `secondo semestre 2025`, `2025–2026`")
            .hint(if schedule.deadline.is_some() {
                "il periodo è pubblicato com'è scritto e vale la scadenza; per usarlo come date, riscriverlo in una di queste forme"
            } else {
                "il periodo è pubblicato com'è scritto, ma senza una data non compare tra le scadenze: riscriverlo in una di queste forme o indicare la scadenza"
            }),
        );
    }
}

pub(super) fn indicators(table: &Arc<RawTable>, config: &Config, diagnostics: &mut Diagnostics) -> Vec<Indicator> {
    records(table, config, diagnostics, |row| {
        let (objective, code, description) = (row.code("obiettivo"), row.code("codice"), row.long_text("descrizione"));
        let (kind, measure, direction) = (row.term("tipo"), row.term("misura"), row.term("direzione"));
        let (baseline, targets) = (row.measured("valore_iniziale"), row.targets("target"));
        let (unit, updated) = (row.text("unita"), row.date("data_aggiornamento"));
        let reading = measure.as_deref().and_then(measure_reading);
        Some(Indicator {
            objective: objective?,
            code: code?,
            description: description?,
            kind,
            measure,
            reading,
            direction,
            baseline,
            targets,
            unit,
            updated,
            record: row.record(),
        })
    })
}

/// How the values of the measure `name` (a term of [`INDICATOR_MEASURES`]) are read.
fn measure_reading(name: &str) -> Option<Measure> {
    let position = INDICATOR_MEASURES.terms.iter().position(|term| term.name == name)?;
    MEASURE_KINDS.get(position).copied()
}

fn measurements(table: &Arc<RawTable>, config: &Config, diagnostics: &mut Diagnostics) -> Vec<Measurement> {
    records(table, config, diagnostics, |row| {
        let (objective, step, indicator, date) =
            (row.code("obiettivo"), row.code("fase"), row.code("indicatore"), row.date("data"));
        let (status, note, document) = (row.choice("stato"), row.long_text("nota"), row.link("documento"));
        // Read as it looks here; read again by its indicator's measure once the plan is read.
        let value = row.measured("valore");
        Some(Measurement {
            objective: objective?,
            step,
            indicator,
            date: date?,
            status,
            value,
            note,
            document,
            record: row.record(),
        })
    })
}

fn rounds(table: &Arc<RawTable>, config: &Config, diagnostics: &mut Diagnostics) -> Vec<MonitoringRound> {
    records(table, config, diagnostics, |row| {
        let (reference_date, title) = (row.date("data_riferimento"), row.text("titolo"));
        let (deliberation, note) = (row.deliberation_ref("delibera"), row.long_text("nota"));
        Some(MonitoringRound {
            reference_date: reference_date?,
            title: title?,
            deliberation,
            note,
            record: row.record(),
        })
    })
}

fn reports(table: &Arc<RawTable>, config: &Config, diagnostics: &mut Diagnostics) -> Vec<Report> {
    records(table, config, diagnostics, |row| {
        let (year, title, validated_by) = (row.year("anno"), row.text("titolo"), row.text("validata_da"));
        let (validated_on, deliberation) = (row.date("data_validazione"), row.deliberation_ref("delibera"));
        let (summary, unpublished) = (row.long_text("sintesi"), row.long_text("non_pubblicato"));
        Some(Report {
            year: year?,
            title: title?,
            validated_by,
            validated_on,
            deliberation,
            summary,
            unpublished,
            record: row.record(),
        })
    })
}

fn results(table: &Arc<RawTable>, config: &Config, diagnostics: &mut Diagnostics) -> Vec<Outcome> {
    records(table, config, diagnostics, |row| {
        let (year, objective, office, area) =
            (row.year("anno"), row.code("obiettivo"), row.code("struttura"), row.code("area"));
        let (achievement, score, max_score) =
            (row.percent("raggiungimento"), row.number("punteggio"), row.number("punteggio_massimo"));
        Some(Outcome {
            year: year?,
            objective,
            office,
            area,
            achievement,
            score,
            max_score,
            note: row.long_text("nota"),
            record: row.record(),
        })
    })
}

/// Reads each measured value of an indicator again by the indicator's measure, now that the
/// plan's indicators are known, replacing what it looked like on its own.
fn read_by_measure(measurements: &mut [Measurement], indicators: &[Indicator], diagnostics: &mut Diagnostics) {
    // The first indicator of each code, as duplicates (R001) leave it.
    let mut by_code: std::collections::HashMap<(&str, &str), &Indicator> = std::collections::HashMap::new();
    for indicator in indicators {
        by_code.entry((indicator.objective.as_str(), indicator.code.as_str())).or_insert(indicator);
    }
    for measurement in measurements {
        let Some(code) = &measurement.indicator else { continue };
        let found = by_code.get(&(measurement.objective.as_str(), code.as_str()));
        let Some(measure) = found.and_then(|indicator| indicator.reading) else { continue };
        let text = measurement.record.origin.raw("valore").to_string();
        let (amount, problem) = match load::measures::parse_amount(&text, Some(measure)) {
            Ok(amount) => (amount, None),
            Err((misfit, amount)) => (amount, Some(misfit)),
        };
        if let Some(misfit) = problem {
            let origin = &measurement.record.origin;
            diagnostics.push(super::row::misfit_diagnostic(
                origin,
                "valore",
                &text,
                &misfit,
                Some(measure),
                Some(code),
            ));
        }
        let value = match &amount {
            None => Value::Empty,
            Some(Amount::Number(n) | Amount::Percent(n)) => Value::Number(*n),
            Some(Amount::Date(date)) => Value::Date(*date),
            Some(Amount::YesNo(yes)) => Value::Bool(*yes),
            Some(Amount::Text(_)) => measurement.record.value("valore").cloned().unwrap_or(Value::Empty),
        };
        measurement.record.set("valore", value);
        measurement.value = amount;
    }
}

pub(super) fn objective_staff(
    table: &Arc<RawTable>,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Vec<ObjectiveStaff> {
    records(table, config, diagnostics, |row| {
        let (objective, name) = (row.code("obiettivo"), row.personal("nominativo"));
        let (category, profile, role) = (row.text("categoria"), row.text("profilo"), row.text("ruolo"));
        Some(ObjectiveStaff { objective: objective?, name, category, profile, role, record: row.record() })
    })
}

fn staffing(table: &Arc<RawTable>, config: &Config, diagnostics: &mut Diagnostics) -> Vec<StaffPosition> {
    records(table, config, diagnostics, |row| {
        let (area, service, profile) = (row.text("area"), row.text("servizio"), row.text("profilo"));
        let (weekly_hours, duties, funding, note) =
            (row.number("ore_settimanali"), row.text("mansioni"), row.text("finanziamento"), row.text("note"));
        let name = row.personal("nominativo");
        Some(StaffPosition {
            area: area?,
            service,
            profile: profile?,
            weekly_hours,
            duties,
            funding,
            note,
            name,
            record: row.record(),
        })
    })
}

fn hiring(table: &Arc<RawTable>, config: &Config, diagnostics: &mut Diagnostics) -> Vec<Hiring> {
    records(table, config, diagnostics, |row| {
        let (year, profile, count) = (row.year("anno"), row.text("profilo"), row.integer("numero"));
        let (regime, area, method, status) =
            (row.text("regime"), row.text("area"), row.text("modalita"), row.choice("stato"));
        let (funding, note) = (row.text("finanziamento"), row.text("note"));
        Some(Hiring {
            year: year?,
            profile: profile?,
            count: count?,
            regime,
            area,
            method,
            status,
            funding,
            note,
            record: row.record(),
        })
    })
}
