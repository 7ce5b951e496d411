import Foundation
import Tensors

/// The hyper-parameters of one training run of this chapter, read from a JSON file rather
/// than written into the code. Provided.
///
/// ```json
/// {
///   "seed": 1,
///   "learningRate": 0.03,
///   "steps": 200,
///   "batchSize": 4,
///   "hiddenUnits": 8,
///   "decayFraction": 0.3
/// }
/// ```
///
/// Every key is required (a default hidden in the code is a hyper-parameter nobody wrote
/// down), and a key the type does not know is an error (a typo such as `learning_rate` would
/// otherwise be ignored, and the run would use a value nobody chose).
public struct TuningConfig: Codable, Equatable, Hashable, Sendable {
  /// The one seed of the run; every random stream is derived from it (`streamSeed`).
  public var seed: UInt64
  /// SGD's step size before any decay; finite and > 0.
  public var learningRate: Double
  /// The number of SGD steps; at least 1.
  public var steps: Int
  /// The examples per mini-batch; at least 1.
  public var batchSize: Int
  /// The width of the hidden layer; at least 1.
  public var hiddenUnits: Int
  /// The fraction of the steps, at the end, over which the rate decays linearly towards 0;
  /// in [0, 1]. 0 is a constant rate (see `decayedLearningRate`).
  public var decayFraction: Double

  public init(
    seed: UInt64, learningRate: Double, steps: Int, batchSize: Int, hiddenUnits: Int,
    decayFraction: Double
  ) {
    self.seed = seed
    self.learningRate = learningRate
    self.steps = steps
    self.batchSize = batchSize
    self.hiddenUnits = hiddenUnits
    self.decayFraction = decayFraction
  }

  /// The keys of the JSON file, in the order of the properties.
  public enum CodingKeys: String, CodingKey, CaseIterable {
    case seed, learningRate, steps, batchSize, hiddenUnits, decayFraction
  }

  /// The baseline of this chapter: SGD at 0.03 for 200 steps of 4 examples, 8 hidden units,
  /// no decay.
  public static let baseline = TuningConfig(
    seed: 1, learningRate: 0.03, steps: 200, batchSize: 4, hiddenUnits: 8, decayFraction: 0)

  /// The same configuration with another value of one hyper-parameter.
  public func with<Value>(_ key: WritableKeyPath<TuningConfig, Value>, _ value: Value)
    -> TuningConfig
  {
    var copy = self
    copy[keyPath: key] = value
    return copy
  }
}

/// Why a configuration file was refused: the file, the key, the value found and what is wrong
/// with it. Provided.
///
/// ```swift
/// ConfigError(file: "run.json", key: "learningRate", value: "-0.1",
///             problem: "must be finite and > 0").description
/// // run.json: key "learningRate" = -0.1: must be finite and > 0
/// ```
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file (or a name for the data) that was read.
  public let file: String
  /// The key at fault; `(file)` when the file as a whole is not a JSON object.
  public let key: String
  /// The value found, as JSON text (`"fast"`, `-0.1`, `null`); `missing` when the key is absent.
  public let value: String
  /// What is wrong: "is missing", "must be a number", "unknown key", ...
  public let problem: String

  public init(file: String, key: String, value: String, problem: String) {
    self.file = file
    self.key = key
    self.value = value
    self.problem = problem
  }

  public var description: String { "\(file): key \"\(key)\" = \(value): \(problem)" }
}

/// A JSON value as text: `0.1`, `"fast"`, `null`, `[1,2]`. Provided.
public func jsonText(_ value: Any) -> String {
  if value is NSNull { return "null" }
  guard
    let data = try? JSONSerialization.data(
      withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]),
    let text = String(data: data, encoding: .utf8)
  else { return "\(value)" }
  return text
}

/// Decodes and validates a configuration from the bytes of a JSON file, or throws a
/// `ConfigError` that names the file, the key and the value. The first problem found wins,
/// in this order:
///
/// ```
/// not a JSON object                 key "(file)", value "(not JSON)" or the JSON text,
///                                   problem "is not a JSON object"
/// a key TuningConfig does not know  the first such key in sorted order, its value,
///                                   "unknown key (expected one of seed, learningRate,
///                                   steps, batchSize, hiddenUnits, decayFraction)"
/// Codable's DecodingError:
///   keyNotFound                     the key, value "missing", "is missing"
///   typeMismatch, valueNotFound,    the key (the coding path's last key), its value from
///   dataCorrupted                   the file as JSON text, "has the wrong type: expected
///                                   <type>" where <type> is the property's Swift type
/// out of range (checked in this order):
///   learningRate not finite or <= 0 "must be finite and > 0"
///   steps < 1                       "must be at least 1"
///   batchSize < 1                   "must be at least 1"
///   hiddenUnits < 1                 "must be at least 1"
///   decayFraction not in [0, 1]     "must be in [0, 1]"
/// ```
///
/// The value of an out-of-range key is the decoded number as Swift prints it (`-0.1`, `0`).
///
/// ```swift
/// let data = Data(#"{"seed": 1, "learningRate": "fast", ...}"#.utf8)
/// try decodeTuningConfig(data, file: "run.json")
/// // throws: run.json: key "learningRate" = "fast": has the wrong type: expected Double
/// ```
///
/// Why go beyond `JSONDecoder`'s own error? Its message names the coding path but not the
/// file or the value, and it says nothing at all about a key it does not know: Codable
/// ignores extra keys, so a misspelt hyper-parameter silently keeps a value nobody chose.
///
/// Exercise 24.2.
public func decodeTuningConfig(_ data: Data, file: String) throws(ConfigError) -> TuningConfig {
  // BEGIN EXERCISE 24.2
  // STUB: throw ConfigError(file: file, key: "?", value: "?", problem: "24.2 is not written yet")
  guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
  else {
    throw ConfigError(
      file: file, key: "(file)", value: "(not JSON)", problem: "is not a JSON object")
  }
  guard let fields = object as? [String: Any] else {
    throw ConfigError(
      file: file, key: "(file)", value: jsonText(object), problem: "is not a JSON object")
  }
  let known = TuningConfig.CodingKeys.allCases.map(\.rawValue)
  if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
    throw ConfigError(
      file: file, key: unknown, value: jsonText(fields[unknown]!),
      problem: "unknown key (expected one of \(known.joined(separator: ", ")))")
  }
  let config: TuningConfig
  do {
    config = try JSONDecoder().decode(TuningConfig.self, from: data)
  } catch let DecodingError.keyNotFound(key, _) {
    throw ConfigError(file: file, key: key.stringValue, value: "missing", problem: "is missing")
  } catch let DecodingError.typeMismatch(type, context) {
    throw wrongType(type, context, fields, file)
  } catch let DecodingError.valueNotFound(type, context) {
    throw wrongType(type, context, fields, file)
  } catch let DecodingError.dataCorrupted(context) {
    throw wrongType(Any.self, context, fields, file)
  } catch {
    throw ConfigError(file: file, key: "(file)", value: "?", problem: "\(error)")
  }
  func outOfRange(_ key: TuningConfig.CodingKeys, _ value: Any, _ problem: String) -> ConfigError {
    ConfigError(file: file, key: key.rawValue, value: "\(value)", problem: problem)
  }
  guard config.learningRate.isFinite && config.learningRate > 0 else {
    throw outOfRange(.learningRate, config.learningRate, "must be finite and > 0")
  }
  guard config.steps >= 1 else { throw outOfRange(.steps, config.steps, "must be at least 1") }
  guard config.batchSize >= 1 else {
    throw outOfRange(.batchSize, config.batchSize, "must be at least 1")
  }
  guard config.hiddenUnits >= 1 else {
    throw outOfRange(.hiddenUnits, config.hiddenUnits, "must be at least 1")
  }
  guard config.decayFraction >= 0 && config.decayFraction <= 1 else {
    throw outOfRange(.decayFraction, config.decayFraction, "must be in [0, 1]")
  }
  return config
  // END EXERCISE 24.2
}

/// The Swift type of each property of `TuningConfig`, by key. Provided.
public let propertyTypes: [String: String] = [
  "seed": "UInt64", "learningRate": "Double", "steps": "Int", "batchSize": "Int",
  "hiddenUnits": "Int", "decayFraction": "Double",
]

/// The `ConfigError` of a value with the wrong type. Provided for 24.2.
func wrongType(
  _ type: Any.Type, _ context: DecodingError.Context, _ fields: [String: Any], _ file: String
) -> ConfigError {
  let key = context.codingPath.last?.stringValue ?? misfitKey(fields) ?? "(file)"
  return ConfigError(
    file: file, key: key, value: fields[key].map(jsonText) ?? "missing",
    problem: "has the wrong type: expected \(propertyTypes[key] ?? "\(type)")")
}

/// The first key, in the order of `TuningConfig.CodingKeys`, whose JSON value cannot be its
/// property's type: Foundation's decoder reports some of these (a negative seed) without a
/// coding path. Provided for 24.2.
func misfitKey(_ fields: [String: Any]) -> String? {
  for key in TuningConfig.CodingKeys.allCases {
    guard let value = fields[key.rawValue] else { continue }
    guard let number = value as? NSNumber, !(value is Bool) else { return key.rawValue }
    let double = number.doubleValue
    switch key {
    case .seed:
      if double < 0 || double.rounded() != double { return key.rawValue }
    case .steps, .batchSize, .hiddenUnits:
      if double.rounded() != double { return key.rawValue }
    case .learningRate, .decayFraction: continue
    }
  }
  return nil
}

/// Reads and decodes a configuration file; stops with the `ConfigError`'s message (the file,
/// the key, the value) when it is refused, or with the path when the file cannot be read.
/// Provided: the entry point a training script calls.
///
/// ```swift
/// let config = loadTuningConfig(path: "configs/baseline.json")
/// ```
public func loadTuningConfig(path: String) -> TuningConfig {
  guard let data = FileManager.default.contents(atPath: path) else {
    check(false, "loadTuningConfig: cannot read the file \(path)")
    fatalError()
  }
  do {
    return try decodeTuningConfig(data, file: path)
  } catch {
    check(false, "loadTuningConfig: \(error)")
    fatalError()
  }
}

/// The JSON text of a configuration, keys sorted, one per line. Provided.
public func jsonText(of config: TuningConfig) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  return String(decoding: (try? encoder.encode(config)) ?? Data(), as: UTF8.self)
}
