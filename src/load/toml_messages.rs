//! The messages of the TOML parser (of `config.toml` and of pages' front matter), said again in
//! Italian.

/// The TOML parser speaks English: its messages are said again in Italian (the line is in the
/// diagnostic's location).
pub fn italian(message: &str) -> String {
    let quoted =
        |prefix: &str| message.strip_prefix(prefix).map(|rest| rest.split('`').nth(1).unwrap_or("").to_string());
    if let Some(key) = quoted("unknown field") {
        format!("la chiave `{key}` non esiste")
    } else if let Some(key) = quoted("missing field") {
        format!("manca la chiave obbligatoria `{key}`")
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        "un valore non è del tipo atteso (testo tra virgolette, numero, data o elenco tra parentesi quadre)".to_string()
    } else if let Some(value) = quoted("unknown variant") {
        let allowed: Vec<&str> =
            message.split_once("expected").map_or(Vec::new(), |(_, rest)| rest.split('`').skip(1).step_by(2).collect());
        format!("«{value}» non è ammesso: i valori ammessi sono «{}»", allowed.join("», «"))
    } else if message.starts_with("data non valida") {
        message.trim().to_string()
    } else if message.starts_with("duplicate key") {
        "una chiave compare due volte".to_string()
    } else {
        "sintassi TOML non valida: controllare virgolette, parentesi quadre e segni `=`".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::italian;

    #[test]
    fn a_value_outside_its_list_names_the_allowed_ones() {
        assert_eq!(
            italian("unknown variant `in parte`, expected one of `conforme`, `parzialmente conforme`, `non conforme`"),
            "«in parte» non è ammesso: i valori ammessi sono «conforme», «parzialmente conforme», «non conforme»"
        );
        assert_eq!(italian("unknown field `titlo`, expected one of `titolo`"), "la chiave `titlo` non esiste");
    }
}
