import Foundation

/// The statistics of `activationStatistics` as a table with one bar per layer: the bar shows
/// log10 of the layer's mean square, growing left of the `|` (mean square 1) when the signal
/// shrinks and right of it when the signal grows.
///
/// ```swift
/// let statistics = activationStatistics(initializer: .xavierNormal(), seed: 0)
/// print(activationPlot(statistics))
/// ```
///
/// prints (Xavier through ReLU layers: the signal halves at every layer)
///
/// ```
/// mean square of each layer's activations, log10 scale: | marks 1
/// layer        std  mean square  1e-7                                     1  1e+1
///     1   5.90e-01     5.05e-01                                         ##|
///     2   4.13e-01     2.41e-01                                       ####|
///     3   2.90e-01     1.23e-01                                      #####|
///   ...
///    19   8.11e-04     1.01e-06        ###################################|
///    20   5.81e-04     5.59e-07      #####################################|
/// ```
///
/// A healthy network keeps every bar short; bars that grow steadily in one direction are a
/// vanishing (left) or exploding (right) signal. A mean square of 0 (every unit dead, or an
/// underflow), infinity or NaN is written out instead of a bar. Every line is ASCII and at most
/// 80 columns long.
///
/// Provided: not an exercise.
public func activationPlot(_ statistics: [LayerStatistics]) -> String {
  let barWidth = 48
  var lines = ["mean square of each layer's activations, log10 scale: | marks 1"]
  let logs = statistics.map {
    $0.meanSquare > 0 && $0.meanSquare.isFinite ? log10($0.meanSquare) : .nan
  }
  let finiteLogs = logs.filter(\.isFinite)
  let low = min(-1, (finiteLogs.min() ?? -1).rounded(.down))
  let high = max(1, (finiteLogs.max() ?? 1).rounded(.up))
  func column(_ value: Double) -> Int {
    Int(((value - low) / (high - low) * Double(barWidth - 1)).rounded())
  }
  let zero = column(0)

  // The axis: 1 at the zero column, the lowest power of ten at the left and the highest at the
  // right, each only when it does not run into the 1.
  var axis = [Character](repeating: " ", count: barWidth)
  axis[zero] = "1"
  let left = Array("1e\(Int(low))")
  if left.count < zero - 1 {
    for (offset, character) in left.enumerated() { axis[offset] = character }
  }
  let right = Array("1e+\(Int(high))")
  if barWidth - right.count > zero + 1 {
    for (offset, character) in right.enumerated() {
      axis[barWidth - right.count + offset] = character
    }
  }
  var header = "layer        std  mean square  " + String(axis)
  while header.last == " " { header.removeLast() }
  lines.append(header)

  for (entry, logValue) in zip(statistics, logs) {
    let prefix =
      String(format: "%5d  %9.2e  %11.2e  ", entry.layer, entry.standardDeviation, entry.meanSquare)
    var bar = [Character](repeating: " ", count: barWidth)
    if logValue.isFinite {
      let end = column(logValue)
      for index in min(end, zero)...max(end, zero) { bar[index] = "#" }
      bar[zero] = "|"
    } else {
      let text: String
      if entry.meanSquare == 0 {
        text = "0: every activation is zero"
      } else if entry.meanSquare == .infinity {
        text = "infinity: overflow"
      } else {
        text = "nan"
      }
      bar = Array(text)
    }
    var line = prefix + String(bar)
    while line.last == " " { line.removeLast() }
    lines.append(line)
  }
  return lines.joined(separator: "\n")
}
