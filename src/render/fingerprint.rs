//! The fingerprint of what a page shows: a serde serializer that feeds every value straight into
//! XXH3, with no text in between (no JSON, no escaping). Every value is tagged with its kind,
//! strings and field names are length-prefixed, and each item of a sequence or map is marked, so
//! two different values of one type never feed the hash the same bytes.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Serializer};
use xxhash_rust::xxh3::Xxh3;

/// Hashes what is serialised into it.
pub(crate) struct Fingerprinter(Xxh3);

/// Why a value could not be fingerprinted (a `Serialize` implementation refused it).
#[derive(Debug)]
pub struct Refused(String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Refused(message.to_string())
    }
}

/// The kinds of value, each announced by its own byte.
#[repr(u8)]
enum Tag {
    Bool,
    Integer,
    Float,
    Char,
    Text,
    Bytes,
    None,
    Some,
    Unit,
    Variant,
    Sequence,
    Map,
    Structure,
    Item,
    End,
}

impl Fingerprinter {
    pub(crate) fn new() -> Fingerprinter {
        Fingerprinter(Xxh3::new())
    }

    /// Adds `value` to the fingerprint.
    pub(crate) fn add(&mut self, value: &(impl Serialize + ?Sized)) -> Result<(), Refused> {
        value.serialize(self)
    }

    /// The fingerprint of everything added.
    pub(crate) fn finish(&self) -> u128 {
        self.0.digest128()
    }

    fn tag(&mut self, tag: Tag) {
        self.0.update(&[tag as u8]);
    }

    fn tagged(&mut self, tag: Tag, bytes: &[u8]) {
        self.tag(tag);
        self.0.update(bytes);
    }

    fn text(&mut self, tag: Tag, bytes: &[u8]) {
        self.tagged(tag, &(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    fn item(&mut self, value: &(impl Serialize + ?Sized)) -> Result<(), Refused> {
        self.tag(Tag::Item);
        value.serialize(self)
    }

    fn field(&mut self, name: &str, value: &(impl Serialize + ?Sized)) -> Result<(), Refused> {
        self.text(Tag::Item, name.as_bytes());
        value.serialize(self)
    }

    fn end(&mut self) -> Result<(), Refused> {
        self.tag(Tag::End);
        Ok(())
    }
}

/// Narrow numbers are hashed as the widest of their kind, so that `1u8` and `1i64` agree.
macro_rules! widened {
    ($($narrow:ident($from:ty) => $wide:ident($to:ty)),*) => {$(
        fn $narrow(self, v: $from) -> Result<(), Refused> {
            self.$wide(<$to>::from(v))
        }
    )*};
}

impl Serializer for &mut Fingerprinter {
    type Ok = ();
    type Error = Refused;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), Refused> {
        self.tagged(Tag::Bool, &[u8::from(v)]);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Refused> {
        self.tagged(Tag::Integer, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Refused> {
        self.tagged(Tag::Integer, &v.to_le_bytes());
        Ok(())
    }
    widened! {
        serialize_i8(i8) => serialize_i128(i128),
        serialize_i16(i16) => serialize_i128(i128),
        serialize_i32(i32) => serialize_i128(i128),
        serialize_i64(i64) => serialize_i128(i128),
        serialize_u8(u8) => serialize_i128(i128),
        serialize_u16(u16) => serialize_i128(i128),
        serialize_u32(u32) => serialize_i128(i128),
        serialize_u64(u64) => serialize_i128(i128),
        serialize_f32(f32) => serialize_f64(f64)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Refused> {
        self.tagged(Tag::Float, &v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Refused> {
        self.tagged(Tag::Char, &u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Refused> {
        self.text(Tag::Text, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Refused> {
        self.text(Tag::Bytes, v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Refused> {
        self.tag(Tag::None);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Refused> {
        self.tag(Tag::Some);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Refused> {
        self.tag(Tag::Unit);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Refused> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, index: u32, _variant: &'static str) -> Result<(), Refused> {
        self.tagged(Tag::Variant, &index.to_le_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Refused> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        self.serialize_unit_variant(name, index, variant)?;
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Refused> {
        self.tag(Tag::Sequence);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Refused> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, Refused> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Refused> {
        self.serialize_unit_variant(name, index, variant)?;
        self.serialize_seq(None)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Refused> {
        self.tag(Tag::Map);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Refused> {
        self.tag(Tag::Structure);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Refused> {
        self.serialize_unit_variant(name, index, variant)?;
        self.serialize_struct(name, len)
    }
}

/// The compound serializers: each element or field is hashed as an item, the end closes it.
macro_rules! compound {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for &mut Fingerprinter {
            type Ok = ();
            type Error = Refused;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
                self.item(value)
            }
            fn end(self) -> Result<(), Refused> {
                Fingerprinter::end(self)
            }
        }
    )*};
}

compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Fingerprinter {
    type Ok = ();
    type Error = Refused;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Refused> {
        self.item(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Refused> {
        Fingerprinter::end(self)
    }
}

/// The structure serializers: each field is hashed with its name, the end closes it.
macro_rules! structure {
    ($($trait:ident),*) => {$(
        impl ser::$trait for &mut Fingerprinter {
            type Ok = ();
            type Error = Refused;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Refused> {
                self.field(name, value)
            }
            fn end(self) -> Result<(), Refused> {
                Fingerprinter::end(self)
            }
        }
    )*};
}

structure!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::Fingerprinter;

    fn fingerprint(value: &impl Serialize) -> u128 {
        let mut fingerprinter = Fingerprinter::new();
        fingerprinter.add(value).unwrap();
        fingerprinter.finish()
    }

    #[derive(Serialize)]
    struct Page {
        title: String,
        note: Option<String>,
        items: Vec<(String, String)>,
        links: BTreeMap<String, Vec<String>>,
        weight: Option<f64>,
    }

    fn page() -> Page {
        Page {
            title: "Obiettivo 1".into(),
            note: None,
            items: vec![("a".into(), "b".into())],
            links: BTreeMap::from([("x".into(), vec!["y".into()])]),
            weight: Some(0.5),
        }
    }

    #[test]
    fn equal_values_have_equal_fingerprints() {
        assert_eq!(fingerprint(&page()), fingerprint(&page()));
    }

    #[test]
    fn any_change_changes_the_fingerprint() {
        let base = fingerprint(&page());
        let changes: [fn(&mut Page); 8] = [
            |p| p.title.push(' '),
            |p| p.note = Some(String::new()),
            |p| p.items[0] = ("ab".into(), String::new()),
            |p| p.items.push((String::new(), String::new())),
            |p| p.items.clear(),
            |p| p.links = BTreeMap::from([("xy".into(), vec![])]),
            |p| p.links.get_mut("x").unwrap().push(String::new()),
            |p| p.weight = Some(-0.5),
        ];
        for (number, change) in changes.iter().enumerate() {
            let mut changed = page();
            change(&mut changed);
            assert_ne!(fingerprint(&changed), base, "change {number}");
        }
    }

    #[test]
    fn items_do_not_run_into_each_other() {
        assert_ne!(fingerprint(&vec!["ab", "c"]), fingerprint(&vec!["a", "bc"]));
        assert_ne!(fingerprint(&vec![vec![1], vec![]]), fingerprint(&vec![vec![], vec![1]]));
        assert_ne!(fingerprint(&(Some(()), None::<()>)), fingerprint(&(None::<()>, Some(()))));
    }
}
