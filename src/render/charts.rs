//! The geometry of the charts, for the theme's templates to draw as SVG: the line of an
//! indicator's measurements against its target, and the bars of a group's achievements. Only
//! positions and texts are computed here; the markup (`role="img"`, `<title>`, `<desc>`, labels
//! beside every mark, styles) is the theme's, so that a chart needs no script and reads at any
//! width through its `viewBox`.

use serde::Serialize;

/// Width and height of a line chart's drawing area, in `viewBox` units.
/// Narrow, so that its texts stay readable when a phone shrinks it to 290 px.
const WIDTH: f64 = 400.0;
const HEIGHT: f64 = 220.0;
/// Room around the plot: above for the labels of the highest points, below for the dates.
const LEFT: f64 = 24.0;
const BOTTOM: f64 = 30.0;
const TOP: f64 = 30.0;
const RIGHT: f64 = 24.0;

/// One measurement on a line chart.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    /// The date, as the page writes it.
    pub date: String,
    /// The value, as the page writes it.
    pub value: String,
}

/// A horizontal line across the plot, with its label: the target, the baseline, a tick.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub y: f64,
    pub label: String,
}

/// An indicator's measurements over time against its target.
#[derive(Debug, Clone, Serialize)]
pub struct LineChart {
    pub width: f64,
    pub height: f64,
    /// Left and right ends of the plot.
    pub left: f64,
    pub right: f64,
    /// Bottom of the plot, where the dates are written below.
    pub bottom: f64,
    /// The measurements, left to right.
    pub points: Vec<Point>,
    /// `x,y x,y …` of the line through the points.
    pub path: String,
    /// The target of the latest measurement's year.
    pub target: Option<Rule>,
    /// The starting value.
    pub baseline: Option<Rule>,
    /// What the chart shows, in one sentence (its `<desc>`).
    pub description: String,
}

impl LineChart {
    /// The chart of `values` (day number and value, in date order, with their texts), against
    /// `target` and `baseline` (value and text); `None` with fewer than one numeric value.
    pub fn new(
        values: &[(i64, f64, String, String)],
        target: Option<(f64, String)>,
        baseline: Option<(f64, String)>,
        description: String,
    ) -> Option<LineChart> {
        let first = values.first()?;
        let last = values.last()?;
        let numbers = values.iter().map(|v| v.1).chain(target.iter().map(|t| t.0)).chain(baseline.iter().map(|b| b.0));
        let (low, high) = numbers.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), n| (lo.min(n), hi.max(n)));
        let (low, high) = if high > low { (low.min(0.0), high) } else { (low.min(0.0), low.max(0.0) + 1.0) };
        let span_days = (last.0 - first.0).max(1) as f64;
        let (plot_left, plot_right) = (LEFT, WIDTH - RIGHT);
        let (plot_top, plot_bottom) = (TOP, HEIGHT - BOTTOM);
        let x = |day: i64| {
            if values.len() == 1 {
                (plot_left + plot_right) / 2.0
            } else {
                plot_left + (day - first.0) as f64 / span_days * (plot_right - plot_left)
            }
        };
        let y = |value: f64| plot_bottom - (value - low) / (high - low) * (plot_bottom - plot_top);
        let round = |n: f64| (n * 10.0).round() / 10.0;
        let points: Vec<Point> = values
            .iter()
            .map(|(day, value, date, text)| Point {
                x: round(x(*day)),
                y: round(y(*value)),
                date: date.clone(),
                value: text.clone(),
            })
            .collect();
        let path = points.iter().map(|p| format!("{},{}", p.x, p.y)).collect::<Vec<_>>().join(" ");
        let rule = |(value, label): (f64, String)| Rule { y: round(y(value)), label };
        Some(LineChart {
            width: WIDTH,
            height: HEIGHT,
            left: plot_left,
            right: plot_right,
            bottom: plot_bottom,
            points,
            path,
            target: target.map(rule),
            baseline: baseline.map(rule),
            description,
        })
    }
}

/// One bar of a bar chart: a label and a share from 0 to 100.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    /// What the bar stands for.
    pub label: String,
    /// The address of its page, if any.
    pub url: Option<String>,
    /// Its length, 0–100.
    pub share: f64,
    /// The value, as the page writes it.
    pub value: String,
    /// Top of the bar's row, in `viewBox` units.
    pub y: f64,
}

/// Achievements of a group (objectives of a plan, areas…) as horizontal bars, one row each: the
/// label above its bar, the value at its end.
#[derive(Debug, Clone, Serialize)]
pub struct BarChart {
    pub width: f64,
    pub height: f64,
    pub bars: Vec<Bar>,
    /// What the chart shows, in one sentence (its `<desc>`).
    pub description: String,
}

/// Height of a row of a bar chart: label line and bar.
const BAR_ROW: f64 = 48.0;

impl BarChart {
    /// The chart of `bars` (label, address, share 0–100, value text); `None` when there is none.
    pub fn new(bars: Vec<(String, Option<String>, f64, String)>, description: String) -> Option<BarChart> {
        if bars.is_empty() {
            return None;
        }
        let height = bars.len() as f64 * BAR_ROW + 8.0;
        let bars = bars
            .into_iter()
            .enumerate()
            .map(|(i, (label, url, share, value))| Bar {
                label,
                url,
                share: share.clamp(0.0, 100.0),
                value,
                y: i as f64 * BAR_ROW,
            })
            .collect();
        Some(BarChart { width: WIDTH, height, bars, description })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_chart_spans_the_plot_from_the_first_to_the_last_date() {
        let values = [(0, 10.0, "01/01/2025".into(), "10".into()), (100, 20.0, "11/04/2025".into(), "20".into())];
        let chart = LineChart::new(&values, Some((40.0, "40".into())), None, String::new()).unwrap();
        assert_eq!((chart.points[0].x, chart.points[1].x), (LEFT, WIDTH - RIGHT));
        assert_eq!(chart.target.as_ref().unwrap().y, TOP, "the highest value is at the top");
        assert_eq!(chart.points[0].y, 150.0, "0 at the bottom (190), 40 at the top (30)");
        assert_eq!(chart.path, "24,150 376,110");
        assert!(LineChart::new(&[], None, None, String::new()).is_none());
    }

    #[test]
    fn a_single_value_sits_in_the_middle_and_bars_are_capped() {
        let chart = LineChart::new(&[(5, 3.0, "d".into(), "3".into())], None, None, String::new()).unwrap();
        assert_eq!(chart.points[0].x, (LEFT + WIDTH - RIGHT) / 2.0);
        let bars = BarChart::new(vec![("a".into(), None, 140.0, "140 %".into())], String::new()).unwrap();
        assert_eq!(bars.bars[0].share, 100.0);
    }
}
