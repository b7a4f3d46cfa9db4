//! A JavaScript object's own enumerable string-keyed properties, in JS order.

use super::Value;
use indexmap::IndexMap;

/// Keys in the order V8 enumerates them: array-index keys ("0", "17", …) first in
/// ascending numeric order, then the other keys in insertion order. Writing an
/// existing key keeps its position, as in JS.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object {
    map: IndexMap<String, Value>,
    /// How many of the leading entries are array-index keys.
    index_keys: usize,
}

/// A canonical array index: "0" or a decimal without leading zeros, below 2^32 − 1.
pub fn is_array_index(key: &str) -> bool {
    array_index(key).is_some()
}

fn array_index(key: &str) -> Option<u32> {
    let b = key.as_bytes();
    if b.is_empty() || b.len() > 10 || (b.len() > 1 && b[0] == b'0') {
        return None;
    }
    if !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n: u64 = key.parse().ok()?;
    (n < u32::MAX as u64).then_some(n as u32)
}

impl Object {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_capacity(n: usize) -> Self {
        Object { map: IndexMap::with_capacity(n), index_keys: 0 }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.map.get_mut(key)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// `obj[key] = value`.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let key = key.into();
        if let Some(slot) = self.map.get_mut(&key) {
            *slot = value;
            return;
        }
        match array_index(&key) {
            Some(n) => {
                let at = self.map.as_slice()[..self.index_keys]
                    .partition_point(|k, _| array_index(k).is_some_and(|m| m < n));
                self.map.shift_insert(at, key, value);
                self.index_keys += 1;
            }
            None => {
                self.map.insert(key, value);
            }
        }
    }

    /// `delete obj[key]`, keeping the order of the rest.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let (index, _, value) = self.map.shift_remove_full(key)?;
        if index < self.index_keys {
            self.index_keys -= 1;
        }
        Some(value)
    }

    /// Keeps the entries for which `keep` answers true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut Value) -> bool) {
        self.map.retain(|k, v| keep(k, v));
        self.index_keys = self.map.keys().take_while(|k| is_array_index(k)).count();
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &Value)> {
        self.map.iter()
    }

    pub fn iter_mut(&mut self) -> impl ExactSizeIterator<Item = (&String, &mut Value)> {
        self.map.iter_mut()
    }

    pub fn keys(&self) -> impl ExactSizeIterator<Item = &String> {
        self.map.keys()
    }

    pub fn values(&self) -> impl ExactSizeIterator<Item = &Value> {
        self.map.values()
    }

    /// `Object.assign(self, other)`.
    pub fn assign(&mut self, other: &Object) {
        for (k, v) in other.iter() {
            self.insert(k.clone(), v.clone());
        }
    }
}

impl IntoIterator for Object {
    type Item = (String, Value);
    type IntoIter = indexmap::map::IntoIter<String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.into_iter()
    }
}

impl<K: Into<String>> FromIterator<(K, Value)> for Object {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Self {
        let mut o = Object::new();
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
}
