import DataPipeline
import Foundation
import Tensors
import Training
import WorkbookSupport

/// Checks every input feature (column) of `inputs`, `[examples, features]`: non-finite values,
/// no spread, and outliers.
///
/// ```
/// for each feature j:
///   bad_j    = the examples whose value is NaN or infinite
///   bad_j not empty -> nonFiniteInputs: evidence "non-finite values" at .feature(j),
///                      measured bad_j.count, threshold 0, .above
///   the rest of the checks use only the finite values of j (skip j if fewer than 2)
///   constant: every finite value equal  -> featureWithoutSpread: evidence
///                      "distinct values" at .feature(j), measured 1, threshold 2, .below
///                      (and no outlier test for j)
///   otherwise, m = median, mad = median(|x - m|)  (median: the mean of the two middle
///   values for an even count)
///   mad > 0: score = max |x - m| / (1.4826 mad)
///            score > DataThresholds.outlierRobustScore -> featureOutliers: evidence
///            "robust score of the farthest value" at .feature(j), measured score,
///            threshold outlierRobustScore, .above
///   mad == 0 (more than half the values are equal, like a rare 0/1 flag): no outlier test
/// ```
///
/// At most one finding per symptom, in the order `nonFiniteInputs`, `featureWithoutSpread`,
/// `featureOutliers`, each with its evidence in feature order; none: `[]`.
///
/// Why the median and the MAD, not the mean and the standard deviation: a single -999 among
/// values near 0 drags the mean and inflates the standard deviation so much that its own
/// z-score stays modest (with n rows, never above sqrt(n - 1)); the median and MAD of the
/// other rows do not move. 1.4826 makes the MAD equal the standard deviation for normal data.
/// Why not "any |x| > 3 standard deviations": a valid heavy-tailed feature (incomes, waiting
/// times) has such values by the dozen.
///
/// Never compute squares of the values to test finiteness: 1e200 is finite, its square is
/// not.
///
/// ```swift
/// featureFindings(makeDataRun(.outliers, .broken, seed: 0).training.inputs).symptoms
/// // [feature outliers]: feature 1, a robust score in the hundreds
/// ```
///
/// Stops with a message naming `featureFindings` when `inputs` is not a matrix with at least
/// 2 examples and 1 feature.
///
/// Exercise 23.4.
public func featureFindings(_ inputs: Tensor) -> [Finding] {
  // TODO(23.4): your code here (README.md, exercise 23.4).
  return [.notWritten("23.4")]
}
