use std::sync::Arc;

use chrono::NaiveDate;

use super::*;
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::load::{PlanSources, TableSet};
use crate::schema::{TableId, schema};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The plan of `tables` (`piano.csv` written here, with `reference` as its reference date), read
/// with `[monitoraggio] metodo = method`.
fn plan(reference: &str, tables: &[(TableId, &str)], method: &str) -> Plan {
    let config = Config::parse(&format!("titolo = \"Ente\"\n[monitoraggio]\nmetodo = \"{method}\"\n")).unwrap();
    let mut diagnostics = Diagnostics::new();
    let mut set = TableSet::new();
    let piano = format!("titolo,anno_inizio,anno_fine,data_riferimento\nPiano,2025,2027,{reference}\n");
    let all = [(TableId::Plan, piano.as_str())].into_iter().chain(tables.iter().copied());
    for (id, csv) in all {
        let table = crate::load::table::parse_table(schema(id).file, csv.as_bytes(), schema(id), &mut diagnostics);
        set.insert(id, Arc::new(table.unwrap()));
    }
    let sources = PlanSources { id: "piano".into(), tables: set };
    let plan = crate::model::build::plan(&sources, &config, &mut diagnostics).unwrap();
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    plan
}

const OBJECTIVES: &str = "codice,titolo,tipo,peso_primo_anno\n1,Uno,performance,60\n2,Due,performance,40\n";
const STEPS: &str = "obiettivo,codice,descrizione,scadenza,peso_obiettivo\n\
                     1,1.1,Avvio,31/03/2025,20\n\
                     1,1.2,Gara,30/06/2025,30\n\
                     1,1.3,Lavori,31/12/2025,50\n\
                     2,2.1,Bando,31/01/2025,\n\
                     2,2.2,Graduatoria,,\n";

fn statuses(plan: &Plan) -> Vec<StepStatus> {
    plan.progress.steps.iter().map(|s| s.status).collect()
}

#[test]
fn each_step_has_its_status_at_the_reference_date() {
    let measurements = "obiettivo,fase,data,stato\n\
                        1,1.1,15/03/2025,completata\n\
                        1,1.2,30/04/2025,in corso\n\
                        1,1.2,10/07/2025,completata\n\
                        1,1.3,30/06/2025,in corso\n\
                        2,2.1,30/06/2025,in corso\n\
                        1,1.3,30/07/2025,completata\n";
    let tables = [(TableId::Objectives, OBJECTIVES), (TableId::Steps, STEPS), (TableId::Measurements, measurements)];
    let plan = plan("30/06/2025", &tables, "fasi");
    use StepStatus::*;
    // 1.2 is completed after the reference date: that measurement does not count yet, and the
    // step is in progress at 30/06, its deadline; 1.3 is completed after the reference date too.
    assert_eq!(statuses(&plan), [CompletedOnTime, InProgress, InProgress, Late, NotMeasured]);
    assert_eq!(plan.progress.reference_date, Some(date("2025-06-30")));
    let later = self::plan("31/07/2025", &tables, "fasi");
    assert_eq!(statuses(&later), [CompletedOnTime, CompletedLate, CompletedOnTime, Late, NotMeasured]);
    assert_eq!(later.progress.steps[1].completed_on, Some(date("2025-07-10")));
}

#[test]
fn a_step_not_started_past_its_period_is_late() {
    let steps = "obiettivo,codice,descrizione,periodo\n1,1.1,Avvio,I trimestre\n1,1.2,Gara,secondo semestre\n";
    let measurements = "obiettivo,fase,data,stato\n1,1.1,01/04/2025,non avviata\n1,1.2,01/04/2025,non avviata\n";
    let tables = [(TableId::Objectives, OBJECTIVES), (TableId::Steps, steps), (TableId::Measurements, measurements)];
    let plan = plan("30/04/2025", &tables, "fasi");
    assert_eq!(statuses(&plan), [StepStatus::Late, StepStatus::NotStarted]);
}

#[test]
fn an_objective_achieves_the_weighted_share_of_its_completed_steps() {
    let measurements = "obiettivo,fase,data,stato\n1,1.1,15/03/2025,completata\n1,1.3,15/03/2025,completata\n2,2.1,15/01/2025,completata\n";
    let tables = [(TableId::Objectives, OBJECTIVES), (TableId::Steps, STEPS), (TableId::Measurements, measurements)];
    let plan = plan("30/06/2025", &tables, "fasi");
    let [one, two] = &plan.progress.objectives[..] else { panic!() };
    assert_eq!(one.computed, Some(70.0), "weights 20 + 50 of 100");
    assert_eq!((one.completed, one.steps, one.late), (2, 3, 0), "1.2 is not measured: not counted late");
    assert_eq!(two.computed, Some(50.0), "no weights: each step counts the same");
    assert_eq!(plan.progress.rollup(&plan, [0, 1]), Some(0.6 * 70.0 + 0.4 * 50.0), "weighted by objective weight");
}

#[test]
fn with_no_measurement_there_is_no_achievement_and_no_status_but_not_measured() {
    let tables = [(TableId::Objectives, OBJECTIVES), (TableId::Steps, STEPS)];
    let plan = plan("30/06/2025", &tables, "fasi e indicatori");
    assert!(statuses(&plan).iter().all(|s| *s == StepStatus::NotMeasured));
    assert_eq!(plan.progress.objectives[0].achievement(), None);
    assert_eq!(plan.progress.rollup(&plan, [0, 1]), None);
    let unmonitored = self::plan("", &tables, "fasi");
    assert_eq!(unmonitored.progress.reference_date, None, "no reference date and no measurement: no monitoring");
}

const INDICATORS: &str = "obiettivo,codice,descrizione,misura,direzione,valore_iniziale,target\n\
                          1,I1,Pratiche,numero,,100,2025: 150; 2026: 200\n\
                          1,I2,Giorni di attesa,numero,decrescente,30,10\n\
                          1,I3,Tempi,numero,,20,20\n\
                          1,I4,Consegna,data,,,entro il 30/09/2025\n\
                          1,I5,Regolamento,sì/no,,,sì\n\
                          2,I6,Copertura,percentuale,,,80%\n\
                          2,I7,Senza misure,numero,,10,20\n";

#[test]
fn an_indicator_achieves_the_way_from_baseline_to_the_target_of_its_year() {
    let measurements = "obiettivo,indicatore,data,valore\n\
                        1,I1,30/06/2025,125\n\
                        1,I1,30/06/2026,300\n\
                        1,I2,30/06/2025,25\n\
                        1,I3,30/06/2025,19\n\
                        1,I4,15/10/2025,15/10/2025\n\
                        1,I5,30/06/2025,sì\n\
                        2,I6,30/06/2025,40%\n";
    let tables =
        [(TableId::Objectives, OBJECTIVES), (TableId::Indicators, INDICATORS), (TableId::Measurements, measurements)];
    let plan = plan("31/12/2025", &tables, "indicatori");
    let achieved: Vec<Option<f64>> = plan.progress.indicators.iter().map(|i| i.achievement).collect();
    assert_eq!(
        achieved,
        [Some(50.0), Some(25.0), Some(0.0), Some(0.0), Some(100.0), Some(50.0), None],
        "I1 halfway to 150; I2 decreasing, 5 of 20; I3 target equal to baseline, missed; I4 late; I5 met; I6 from 0; I7 unmeasured"
    );
    let first = &plan.progress.indicators[0];
    assert_eq!(first.latest, Some((date("2025-06-30"), Amount::Number(125.0))), "2026 is after the reference date");
    assert_eq!(first.target.as_ref().map(|t| t.year), Some(Some(2025)));
    assert_eq!(first.distance, Some(25.0));
    assert_eq!(plan.progress.objectives[0].computed, Some(35.0), "the mean of 50, 25, 0, 0, 100");
    let later = self::plan("31/12/2026", &tables, "indicatori");
    assert_eq!(later.progress.indicators[0].achievement, Some(100.0), "300 against 2026's 200: capped");
}

#[test]
fn a_validated_figure_overrides_the_computed_one() {
    let measurements = "obiettivo,fase,data,stato\n1,1.1,15/03/2025,completata\n";
    let results = "anno,obiettivo,raggiungimento\n2025,1,95%\n";
    let tables = [
        (TableId::Objectives, OBJECTIVES),
        (TableId::Steps, STEPS),
        (TableId::Measurements, measurements),
        (TableId::Results, results),
    ];
    let plan = plan("31/12/2025", &tables, "fasi e indicatori");
    let one = &plan.progress.objectives[0];
    assert_eq!(one.computed, Some(20.0));
    assert_eq!(one.validated, Some((2025, 95.0)));
    assert_eq!(one.achievement(), Some(95.0));
}

#[test]
fn a_step_said_late_is_late_even_in_time_and_both_methods_are_averaged() {
    let measurements = "obiettivo,fase,indicatore,data,stato,valore\n\
                        1,1.3,,30/06/2025,in ritardo,\n\
                        1,1.1,,15/03/2025,completata,\n\
                        1,,I2,30/06/2025,,25\n";
    let tables = [
        (TableId::Objectives, OBJECTIVES),
        (TableId::Steps, STEPS),
        (TableId::Indicators, INDICATORS),
        (TableId::Measurements, measurements),
    ];
    let plan = plan("30/06/2025", &tables, "fasi e indicatori");
    assert_eq!(plan.progress.steps[2].status, StepStatus::Late, "due 31/12/2025, but the office says it is late");
    let one = &plan.progress.objectives[0];
    assert_eq!((one.from_steps, one.from_indicators), (Some(20.0), Some(25.0)));
    assert_eq!(one.computed, Some(22.5));
    assert_eq!(plan.progress.indicators[1].distance, Some(-15.0), "decreasing: 15 days still to cut, target − value");
    let steps_only = self::plan("30/06/2025", &tables, "fasi");
    assert_eq!(steps_only.progress.objectives[0].computed, Some(20.0));
    let indicators_only = self::plan("30/06/2025", &tables, "indicatori");
    assert_eq!(indicators_only.progress.objectives[0].computed, Some(25.0));
}
