//! A JavaScript object's own enumerable string-keyed properties, in JS order.

use super::Value;
use super::hash::BuildKeyHasher;
use super::v8::array_index;

type IndexMap<K, V> = indexmap::IndexMap<K, V, BuildKeyHasher>;

/// Up to this many keys, an object is a plain list searched from the front: for the
/// handful of keys of a typical event object that beats hashing every key (SipHash was
/// a third of the time of a mapping). Bigger objects get a hash index, so a hostile
/// object with many keys still costs linear time, not quadratic.
const SMALL: usize = 12;

/// Keys in the order V8 enumerates them: array-index keys ("0", "17", …) first in
/// ascending numeric order, then the other keys in insertion order. Writing an
/// existing key keeps its position, as in JS.
#[derive(Clone, Debug, Default)]
pub struct Object {
    entries: Entries,
    /// How many of the leading entries are array-index keys.
    index_keys: usize,
}

#[derive(Clone, Debug)]
enum Entries {
    Small(Vec<(String, Value)>),
    /// Boxed: keeps `Value` small (40 bytes instead of 80), and big objects are rare.
    Large(Box<IndexMap<String, Value>>),
}

impl Default for Entries {
    fn default() -> Self {
        Entries::Small(Vec::new())
    }
}

/// Same own properties with equal values, in any order (as `IndexMap` compares).
impl PartialEq for Object {
    fn eq(&self, other: &Object) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

/// A canonical array index: "0" or a decimal without leading zeros, below 2^32 − 1.
pub fn is_array_index(key: &str) -> bool {
    array_index(key).is_some()
}


impl Object {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_capacity(n: usize) -> Self {
        let entries =
            if n <= SMALL { Entries::Small(Vec::with_capacity(n)) } else { Entries::Large(Box::new(IndexMap::with_capacity_and_hasher(n, BuildKeyHasher::default()))) };
        Object { entries, index_keys: 0 }
    }

    pub fn len(&self) -> usize {
        match &self.entries {
            Entries::Small(v) => v.len(),
            Entries::Large(m) => m.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match &self.entries {
            Entries::Small(v) => v.iter().find(|(k, _)| k == key).map(|(_, x)| x),
            Entries::Large(m) => m.get(key),
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        match &mut self.entries {
            Entries::Small(v) => v.iter_mut().find(|(k, _)| k == key).map(|(_, x)| x),
            Entries::Large(m) => m.get_mut(key),
        }
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// `obj[key] = value`.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let key = key.into();
        // A named key in a big object: one hash lookup (the map keeps an existing key's place).
        if let Entries::Large(m) = &mut self.entries {
            if !key.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                m.insert(key, value);
                return;
            }
        }
        if let Some(slot) = self.get_mut(&key) {
            *slot = value;
            return;
        }
        // An array-index key goes among the leading index keys, in numeric order.
        let at = array_index(&key).map(|n| {
            let before = self.keys().take(self.index_keys).take_while(|k| array_index(k).is_some_and(|m| m < n)).count();
            self.index_keys += 1;
            before
        });
        match &mut self.entries {
            Entries::Small(v) if v.len() < SMALL => match at {
                Some(at) => v.insert(at, (key, value)),
                None => v.push((key, value)),
            },
            Entries::Small(v) => {
                let mut m: IndexMap<String, Value> = IndexMap::with_capacity_and_hasher(v.len() * 2, BuildKeyHasher::default());
                m.extend(std::mem::take(v));
                Self::insert_new(&mut m, at, key, value);
                self.entries = Entries::Large(Box::new(m));
            }
            Entries::Large(m) => Self::insert_new(m, at, key, value),
        }
    }

    fn insert_new(m: &mut IndexMap<String, Value>, at: Option<usize>, key: String, value: Value) {
        match at {
            Some(at) => {
                m.shift_insert(at, key, value);
            }
            None => {
                m.insert(key, value);
            }
        }
    }

    /// `delete obj[key]`, keeping the order of the rest.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let (index, value) = match &mut self.entries {
            Entries::Small(v) => {
                let index = v.iter().position(|(k, _)| k == key)?;
                (index, v.remove(index).1)
            }
            Entries::Large(m) => {
                let (index, _, value) = m.shift_remove_full(key)?;
                (index, value)
            }
        };
        if index < self.index_keys {
            self.index_keys -= 1;
        }
        Some(value)
    }

    /// Keeps the entries for which `keep` answers true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut Value) -> bool) {
        match &mut self.entries {
            Entries::Small(v) => v.retain_mut(|(k, x)| keep(k, x)),
            Entries::Large(m) => m.retain(|k, x| keep(k, x)),
        }
        self.index_keys = self.keys().take_while(|k| is_array_index(k)).count();
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &Value)> + DoubleEndedIterator {
        match &self.entries {
            Entries::Small(v) => Either::Small(v.iter().map(|(k, x)| (k, x))),
            Entries::Large(m) => Either::Large(m.iter()),
        }
    }

    pub fn iter_mut(&mut self) -> impl ExactSizeIterator<Item = (&String, &mut Value)> + DoubleEndedIterator {
        match &mut self.entries {
            Entries::Small(v) => Either::Small(v.iter_mut().map(|(k, x)| (&*k, x))),
            Entries::Large(m) => Either::Large(m.iter_mut()),
        }
    }

    pub fn keys(&self) -> impl ExactSizeIterator<Item = &String> + DoubleEndedIterator {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl ExactSizeIterator<Item = &Value> + DoubleEndedIterator {
        self.iter().map(|(_, x)| x)
    }

    /// `Object.assign(self, other)`.
    pub fn assign(&mut self, other: &Object) {
        for (k, v) in other.iter() {
            self.insert(k.clone(), v.clone());
        }
    }
}

/// One of the two representations' iterators.
pub enum Either<A, B> {
    Small(A),
    Large(B),
}

impl<T, A: Iterator<Item = T>, B: Iterator<Item = T>> Iterator for Either<A, B> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        match self {
            Either::Small(a) => a.next(),
            Either::Large(b) => b.next(),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Either::Small(a) => a.size_hint(),
            Either::Large(b) => b.size_hint(),
        }
    }
}

impl<T, A: DoubleEndedIterator<Item = T>, B: DoubleEndedIterator<Item = T>> DoubleEndedIterator for Either<A, B> {
    fn next_back(&mut self) -> Option<T> {
        match self {
            Either::Small(a) => a.next_back(),
            Either::Large(b) => b.next_back(),
        }
    }
}

impl<T, A: ExactSizeIterator<Item = T>, B: ExactSizeIterator<Item = T>> ExactSizeIterator for Either<A, B> {}

impl IntoIterator for Object {
    type Item = (String, Value);
    type IntoIter = Either<std::vec::IntoIter<(String, Value)>, indexmap::map::IntoIter<String, Value>>;
    fn into_iter(self) -> Self::IntoIter {
        match self.entries {
            Entries::Small(v) => Either::Small(v.into_iter()),
            Entries::Large(m) => Either::Large((*m).into_iter()),
        }
    }
}

impl<K: Into<String>> FromIterator<(K, Value)> for Object {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut o = Object::with_capacity(iter.size_hint().0);
        for (k, v) in iter {
            o.insert(k, v);
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(o: &Object) -> Vec<&str> {
        o.keys().map(String::as_str).collect()
    }

    #[test]
    fn index_keys_come_first_ascending() {
        // V8: Object.keys({b:1, 2:2, 1:1, "01":3, "4294967295":4}) → ["1","2","b","01","4294967295"]
        let o: Object = [("b", Value::Null), ("2", Value::Null), ("1", Value::Null), ("01", Value::Null), ("4294967295", Value::Null)]
            .into_iter()
            .collect();
        assert_eq!(keys(&o), ["1", "2", "b", "01", "4294967295"]);
    }

    #[test]
    fn overwrite_keeps_position_and_remove_keeps_order() {
        let mut o: Object = [("a", Value::Null), ("b", Value::Null), ("7", Value::Null)].into_iter().collect();
        o.insert("a", Value::Bool(true));
        assert_eq!(keys(&o), ["7", "a", "b"]);
        o.remove("7");
        o.insert("3", Value::Null);
        assert_eq!(keys(&o), ["3", "a", "b"]);
        assert_eq!(o.get("a"), Some(&Value::Bool(true)));
    }

    #[test]
    fn big_objects_keep_js_order_and_find_keys() {
        // Past SMALL the object switches to a hash index; order and lookups must not change.
        let mut o = Object::new();
        for i in (0..40).rev() {
            o.insert(format!("k{i}"), Value::Number(i as f64));
            o.insert(format!("{}", i * 3), Value::Null);
        }
        o.insert("k5", Value::Bool(true));
        o.remove("9");
        let ks = keys(&o);
        assert_eq!(ks.len(), 79);
        assert_eq!(&ks[..3], ["0", "3", "6"]);
        assert_eq!(ks[39], "k39");
        assert_eq!(o.get("k5"), Some(&Value::Bool(true)));
        assert!(!o.contains_key("9"));
        let mut small: Object = [("b", Value::Null), ("a", Value::Null)].into_iter().collect();
        let other: Object = [("a", Value::Null), ("b", Value::Null)].into_iter().collect();
        assert_eq!(small, other);
        small.insert("5", Value::Null);
        assert_ne!(small, other);
    }
}
