import Training

extension Symptom {
  /// A claimed improvement is not larger than the spread of the results over seeds: the
  /// difference may be luck.
  public static let improvementWithinSeedSpread = Symptom("improvement within the seed spread")
  /// A comparison ran on fewer than 5 seeds: too few to measure the spread.
  public static let tooFewSeeds = Symptom("too few seeds")
}

/// The thresholds of this chapter's diagnostic, each with where it comes from. Provided.
public enum ImprovementThresholds {
  /// The fewest seeds a comparison needs before its spread means anything (the curriculum's
  /// "rerun the best configuration on at least 5 seeds"; Google's tuning playbook reruns the
  /// best trials on several seeds for the same reason).
  public static let minimumSeeds = 5
}
