//! [`PyValue`]: a Python literal as a settings file writes it.

use std::fmt;

/// A value of a Pelican setting: the Python literals a settings file may
/// hold (and what JSON, TOML and the command line give, mapped onto them).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum PyValue {
    /// `None` (JSON `null`).
    None,
    /// `True` or `False`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (`'...'`, `"..."`, triple-quoted, with any prefix but `f`).
    Str(String),
    /// A list, `[...]`.
    List(Vec<PyValue>),
    /// A tuple, `(...)`.
    Tuple(Vec<PyValue>),
    /// A set, `{a, b}`.
    Set(Vec<PyValue>),
    /// A dict, `{k: v}`, in source order.
    Dict(Vec<(PyValue, PyValue)>),
}

impl PyValue {
    /// The text, when the value is a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PyValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items, when the value is a list, tuple or set.
    #[must_use]
    pub fn as_seq(&self) -> Option<&[PyValue]> {
        match self {
            PyValue::List(v) | PyValue::Tuple(v) | PyValue::Set(v) => Some(v),
            _ => None,
        }
    }

    /// The entries, when the value is a dict.
    #[must_use]
    pub fn as_dict(&self) -> Option<&[(PyValue, PyValue)]> {
        match self {
            PyValue::Dict(v) => Some(v),
            _ => None,
        }
    }

    /// Python's truth value: `None`, `False`, `0`, empty strings and empty
    /// containers are false.
    #[must_use]
    pub fn truthy(&self) -> bool {
        match self {
            PyValue::None => false,
            PyValue::Bool(b) => *b,
            PyValue::Int(i) => *i != 0,
            PyValue::Float(f) => *f != 0.0,
            PyValue::Str(s) => !s.is_empty(),
            PyValue::List(v) | PyValue::Tuple(v) | PyValue::Set(v) => !v.is_empty(),
            PyValue::Dict(v) => !v.is_empty(),
        }
    }

    /// The name of the value's Python type, for messages.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            PyValue::None => "None",
            PyValue::Bool(_) => "bool",
            PyValue::Int(_) => "int",
            PyValue::Float(_) => "float",
            PyValue::Str(_) => "str",
            PyValue::List(_) => "list",
            PyValue::Tuple(_) => "tuple",
            PyValue::Set(_) => "set",
            PyValue::Dict(_) => "dict",
        }
    }

    /// The value from a TOML value (tables become dicts, arrays lists,
    /// dates their text).
    #[must_use]
    pub fn from_toml(v: &toml::Value) -> PyValue {
        match v {
            toml::Value::String(s) => PyValue::Str(s.clone()),
            toml::Value::Integer(i) => PyValue::Int(*i),
            toml::Value::Float(f) => PyValue::Float(*f),
            toml::Value::Boolean(b) => PyValue::Bool(*b),
            toml::Value::Datetime(d) => PyValue::Str(d.to_string()),
            toml::Value::Array(a) => PyValue::List(a.iter().map(PyValue::from_toml).collect()),
            toml::Value::Table(t) => PyValue::Dict(
                t.iter()
                    .map(|(k, v)| (PyValue::Str(k.clone()), PyValue::from_toml(v)))
                    .collect(),
            ),
        }
    }
}

/// Reads a value as a settings file or a command line writes it: a
/// Python literal (see the [module docs](super::Settings::from_file)) or
/// JSON (`true`, `false`, `null`). For every value `v` without a float
/// that is infinite or NaN, `v.to_string().parse() == Ok(v)`.
impl std::str::FromStr for PyValue {
    type Err = String;

    fn from_str(s: &str) -> Result<PyValue, String> {
        super::pyconf::read_value(s)
    }
}

/// Writes the value as Python's `repr` would (strings in single quotes).
impl fmt::Display for PyValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn seq(f: &mut fmt::Formatter<'_>, open: &str, v: &[PyValue], close: &str) -> fmt::Result {
            f.write_str(open)?;
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{x}")?;
            }
            if open == "(" && v.len() == 1 {
                f.write_str(",")?;
            }
            f.write_str(close)
        }
        match self {
            PyValue::None => f.write_str("None"),
            PyValue::Bool(true) => f.write_str("True"),
            PyValue::Bool(false) => f.write_str("False"),
            PyValue::Int(i) => write!(f, "{i}"),
            PyValue::Float(x) => write!(f, "{x:?}"),
            PyValue::Str(s) => {
                f.write_str("'")?;
                for c in s.chars() {
                    match c {
                        '\\' => f.write_str("\\\\")?,
                        '\'' => f.write_str("\\'")?,
                        '\n' => f.write_str("\\n")?,
                        '\r' => f.write_str("\\r")?,
                        '\t' => f.write_str("\\t")?,
                        c if c < ' ' || c == '\u{7f}' => write!(f, "\\x{:02x}", u32::from(c))?,
                        c => write!(f, "{c}")?,
                    }
                }
                f.write_str("'")
            }
            PyValue::List(v) => seq(f, "[", v, "]"),
            PyValue::Tuple(v) => seq(f, "(", v, ")"),
            PyValue::Set(v) if v.is_empty() => f.write_str("set()"),
            PyValue::Set(v) => seq(f, "{", v, "}"),
            PyValue::Dict(v) => {
                f.write_str("{")?;
                for (i, (k, x)) in v.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {x}")?;
                }
                f.write_str("}")
            }
        }
    }
}
