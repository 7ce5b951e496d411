import Foundation
import Training

// The symptoms of this chapter's data report. Provided: the exercises return them.
extension Symptom {
  /// The same input row appears more than once in the training split.
  public static let duplicateExamples = Symptom("duplicate examples")
  /// A validation row is also a training row: the validation score measures memory.
  public static let leakAcrossSplits = Symptom("leak across splits")
  /// Too many training examples have a high loss under a trained model: wrong labels.
  public static let suspiciousLabels = Symptom("suspicious labels")
  /// The largest class outnumbers the smallest by more than the threshold.
  public static let classImbalance = Symptom("class imbalance")
  /// Many more batches hold a single label than shuffled data would give: sorted data.
  public static let singleLabelBatches = Symptom("single-label batches")
  /// A feature has values far outside its bulk (a sentinel such as -999, a unit error).
  public static let featureOutliers = Symptom("feature outliers")
  /// A feature has the same value in every training example.
  public static let featureWithoutSpread = Symptom("feature without spread")
  /// An input feature holds NaN or an infinity.
  public static let nonFiniteInputs = Symptom("non-finite inputs")
  /// A feature's validation mean is far from its training mean.
  public static let distributionShift = Symptom("distribution shift")
}

/// The thresholds of the data report, each with its reason. Provided.
public enum DataThresholds {
  /// An example is suspicious when the trained model gives its label a probability below 10%:
  /// a loss above -ln 0.1 = 2.3 (a uniform guess over 3 classes gives ln 3 = 1.1). A model
  /// trained on noisy labels is less confident everywhere, so a wrong label's loss is a few
  /// units, not tens: a stricter threshold misses them.
  public static let suspiciousLoss = -Foundation.log(0.1)
  /// The suspicious-labels finding fires when more than this fraction of the examples is
  /// suspicious (a clean, separable data set has almost none; a few hard examples are normal).
  public static let suspiciousFraction = 0.02
  /// Largest class count over smallest: above this, accuracy alone is misleading (a model that
  /// always answers the majority class looks good).
  public static let imbalanceRatio = 10.0
  /// The single-label-batch fraction may exceed what shuffled data gives
  /// (sum over classes of p_c^B) by at most this much.
  public static let singleLabelExcess = 0.25
  /// A value is an outlier when it is more than this many robust spreads
  /// (1.4826 x the median absolute deviation) from its feature's median. A normal feature
  /// essentially never passes 6; Student's t with 3 degrees of freedom reached at most 32 in 300
  /// draws (50 seeds), so 100 leaves room for valid heavy tails and still catches a -999 code
  /// (474 or more on this chapter's data).
  public static let outlierRobustScore = 100.0
  /// The shift check's threshold, in standard errors of the difference of two means:
  /// |mean_val - mean_train| / (s_train sqrt(1/n_train + 1/n_val)) above this is a shift.
  public static let shiftStandardErrors = 6.0
}
