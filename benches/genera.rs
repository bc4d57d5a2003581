//! Generates a synthetic plan of any size in the data format of trasparenza, for the benchmark.
//!
//! `cargo run --release --example genera -- DIR OBJECTIVES [STEPS] [monitoraggio]` writes a site
//! folder with OBJECTIVES objectives of STEPS steps each (10 by default), one indicator per
//! objective, one office per 20 objectives, one deliberation per 10 objectives, 6 strategic areas
//! and 12 strategic objectives; with `monitoraggio`, also two monitoring rounds that measure the
//! status of the first five steps of each objective and its indicator twice. The same arguments
//! always give the same files.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(objectives)) = (args.get(1), args.get(2).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("uso: genera CARTELLA OBIETTIVI [FASI_PER_OBIETTIVO] [monitoraggio]");
        std::process::exit(2);
    };
    let steps = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(10);
    let monitored = args.get(4).is_some_and(|a| a == "monitoraggio");
    if let Err(error) = generate(Path::new(dir), objectives, steps, monitored) {
        eprintln!("genera: {error}");
        std::process::exit(1);
    }
}

/// A deterministic pseudo-random sequence (xorshift), so that runs are comparable.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "servizi",
    "famiglie",
    "comuni",
    "progetto",
    "rendicontazione",
    "monitoraggio",
    "piattaforma",
    "regionale",
    "assistenza",
    "domiciliare",
    "minori",
    "disabilità",
    "anziani",
    "inclusione",
    "bando",
    "risorse",
    "personale",
    "formazione",
    "tempi",
    "pagamento",
    "trasparenza",
    "accesso",
    "territorio",
    "cooperative",
    "attivazione",
];

fn sentence(sequence: &mut Sequence, words: usize) -> String {
    let mut text: Vec<&str> = (0..words).map(|_| WORDS[sequence.next(WORDS.len())]).collect();
    let first = text[0].to_string();
    let capital = first[..1].to_uppercase() + &first[1..];
    text[0] = &capital;
    format!("{}.", text.join(" "))
}

fn generate(dir: &Path, objectives: usize, steps: usize, monitored: bool) -> std::io::Result<()> {
    let plan = dir.join("data/piao-2025-2027");
    std::fs::create_dir_all(&plan)?;
    let mut sequence = Sequence(0x9E37_79B9_7F4A_7C15);
    std::fs::write(
        dir.join("config.toml"),
        "titolo = \"Ente di prova\"\nurl_base = \"https://trasparenza.ente-di-prova.it/\"\npiano_corrente = \"piao-2025-2027\"\n",
    )?;
    std::fs::write(
        dir.join("data/ente.csv"),
        "denominazione;codice_fiscale;pec\nEnte di prova;91000000017;ente@pec.ente-di-prova.it\n",
    )?;
    let offices = objectives.div_ceil(20).max(1);
    let mut text = String::from("codice;nome;tipo;responsabile\n");
    for office in 1..=offices {
        writeln!(text, "s{office};Servizio {office};servizio;Responsabile del servizio {office}").ok();
    }
    std::fs::write(dir.join("data/strutture.csv"), text)?;
    let mut text = String::from("organo;numero;data;oggetto\n");
    for number in 1..=objectives.div_ceil(10).max(1) {
        writeln!(
            text,
            "CdA;{number};{:02}/{:02}/2025;{}",
            1 + number % 28,
            1 + number % 12,
            sentence(&mut sequence, 8)
        )
        .ok();
    }
    std::fs::write(dir.join("data/delibere.csv"), text)?;
    std::fs::write(
        plan.join("piano.csv"),
        "titolo;anno_inizio;anno_fine;data_aggiornamento\nPIAO 2025/2027;2025;2027;31/01/2025\n",
    )?;
    let mut text = String::from("codice;nome\n");
    for area in 1..=6 {
        writeln!(text, "{area};Area strategica {area}").ok();
    }
    std::fs::write(plan.join("aree-strategiche.csv"), text)?;
    let mut text = String::from("codice;area;titolo\n");
    for area in 1..=6 {
        for letter in ["A", "B"] {
            writeln!(text, "{area}{letter};{area};{}", sentence(&mut sequence, 10)).ok();
        }
    }
    std::fs::write(plan.join("obiettivi-strategici.csv"), text)?;
    let weight = 100.0 / objectives as f64;
    let mut list = String::from(
        "codice;titolo;tipo;obiettivi_strategici;aree_strategiche;strutture;stakeholder;peso_primo_anno;anno_primo_inserimento;situazione_attuale;situazione_attesa;azioni;etichette\n",
    );
    let mut fasi = String::from("obiettivo;codice;descrizione;scadenza;kpi;peso_obiettivo;peso_primo_anno\n");
    let mut indicators = String::from("obiettivo;codice;descrizione;tipo;misura;valore_iniziale;target;unita\n");
    for code in 1..=objectives {
        let area = 1 + sequence.next(6);
        writeln!(
            list,
            "{code};{};performance;{area}A;{area};s{};\"Comuni consorziati; Famiglie\";{};2025;<p>{}</p>;{};{};{}",
            sentence(&mut sequence, 9),
            1 + (code - 1) / 20,
            format!("{weight:.6}").replace('.', ","),
            sentence(&mut sequence, 60),
            sentence(&mut sequence, 40),
            sentence(&mut sequence, 30),
            if code % 7 == 0 { "PNRR" } else { "" },
        )
        .ok();
        let step_weight = 100.0 / steps as f64;
        for step in 1..=steps {
            let month = 1 + (step * 11) % 12;
            writeln!(
                fasi,
                "{code};{code}.{step};{};28/{month:02}/2025;{};{};{}",
                sentence(&mut sequence, 14),
                sentence(&mut sequence, 6),
                format!("{step_weight:.6}").replace('.', ","),
                format!("{step_weight:.6}").replace('.', ","),
            )
            .ok();
        }
        writeln!(indicators, "{code};{code}.i1;{};efficacia;percentuale;40;80;%", sentence(&mut sequence, 8)).ok();
    }
    std::fs::write(plan.join("obiettivi.csv"), list)?;
    std::fs::write(plan.join("fasi.csv"), fasi)?;
    std::fs::write(plan.join("indicatori.csv"), indicators)?;
    if monitored {
        monitoring(&plan, objectives, steps, &mut sequence)?;
    }
    Ok(())
}

/// Two rounds (31/03 and 30/06/2025): the status of the first five steps of each objective at
/// the second, and its indicator's value at both.
fn monitoring(plan: &Path, objectives: usize, steps: usize, sequence: &mut Sequence) -> std::io::Result<()> {
    std::fs::write(
        plan.join("monitoraggi.csv"),
        "data_riferimento;titolo\n31/03/2025;Primo trimestre 2025\n30/06/2025;Primo semestre 2025\n",
    )?;
    let statuses = ["completata", "in corso", "non avviata", "in ritardo"];
    let mut text = String::from("obiettivo;fase;indicatore;data;stato;valore;nota\n");
    for code in 1..=objectives {
        for step in 1..=steps.min(5) {
            writeln!(text, "{code};{code}.{step};;30/06/2025;{};;", statuses[sequence.next(statuses.len())]).ok();
        }
        for date in ["31/03/2025", "30/06/2025"] {
            writeln!(text, "{code};;{code}.i1;{date};;{}%;", 40 + sequence.next(50)).ok();
        }
    }
    std::fs::write(plan.join("rilevazioni.csv"), text)
}
