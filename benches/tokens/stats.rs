//! Order statistics of a set of measurements.

/// The smallest, lower-quartile, median, upper-quartile and largest of a set of values.
pub struct Quartiles {
    pub min: f64,
    pub lower: f64,
    pub median: f64,
    pub upper: f64,
    pub max: f64,
}

/// [`Quartiles`] of `values` (nearest rank), sorting them in place. `values` must not be
/// empty.
pub fn quartiles(values: &mut [f64]) -> Quartiles {
    values.sort_by(f64::total_cmp);
    let at = |f: f64| values[((values.len() - 1) as f64 * f).round() as usize];
    Quartiles {
        min: at(0.0),
        lower: at(0.25),
        median: at(0.5),
        upper: at(0.75),
        max: at(1.0),
    }
}
