import Foundation
import ReproducibleTuning
import TestSupport
import Testing

/// The error `decodeTuningConfig` throws for `text`, or nil when it decodes.
func configError(_ text: String, file: String = "run.json") -> ConfigError? {
  do {
    _ = try decodeTuningConfig(Data(text.utf8), file: file)
    return nil
  } catch {
    return error
  }
}

@Suite("24.2 Hyper-parameters in a JSON file")
struct ConfigTests {
  @Test("a valid file decodes to its values")
  func validFileDecodes() throws {
    let config = try decodeTuningConfig(Data(configText().utf8), file: "run.json")
    #expect(
      config
        == TuningConfig(
          seed: 7, learningRate: 0.05, steps: 120, batchSize: 8, hiddenUnits: 16,
          decayFraction: 0.25),
      Comment(
        rawValue:
          "the file says seed 7, learningRate 0.05, steps 120, batchSize 8, hiddenUnits 16, "
          + "decayFraction 0.25; decoded \(config)"))
  }

  @Test("a configuration written as JSON decodes to itself")
  func roundTrip() throws {
    let config = TuningConfig.baseline.with(\.decayFraction, 0.3)
    let decoded = try decodeTuningConfig(Data(jsonText(of: config).utf8), file: "saved.json")
    #expect(decoded == config, "encode then decode must give the same config, got \(decoded)")
  }

  @Test("a missing key is named, with the file")
  func missingKey() {
    let error = configError(configText("steps", nil), file: "configs/a.json")
    #expect(
      error
        == ConfigError(
          file: "configs/a.json", key: "steps", value: "missing", problem: "is missing"),
      "expected configs/a.json: key \"steps\" = missing: is missing; got \(String(describing: error))"
    )
  }

  @Test("a value of the wrong type is named: the key and the value as written")
  func wrongType() {
    let error = configError(configText("learningRate", "\"fast\""))
    #expect(
      error?.key == "learningRate" && error?.value == "\"fast\""
        && error?.problem == "has the wrong type: expected Double",
      """
      a string where a number belongs: expected key "learningRate", value "fast" (as JSON, \
      with quotes), problem "has the wrong type: expected Double"; got \
      \(String(describing: error))
      """)
    let negative = configError(configText("seed", "-1"))
    #expect(
      negative?.key == "seed" && negative?.value == "-1",
      "a seed of -1 is not a UInt64: expected key seed, value -1; got \(String(describing: negative))"
    )
  }

  @Test("an unknown key (a typo) is an error, not silently ignored")
  func unknownKey() {
    let error = configError(configText(extra: "\"learning_rate\": 0.5"))
    #expect(
      error?.key == "learning_rate" && error?.value == "0.5"
        && error?.problem.hasPrefix("unknown key") == true,
      """
      Codable ignores keys it does not know, so a typo keeps a value nobody chose: expected \
      key "learning_rate", value 0.5, problem "unknown key ..."; got \(String(describing: error))
      """)
  }

  @Test(
    "an out-of-range value is named with the value",
    arguments: [
      ("learningRate", "-0.1", "-0.1", "must be finite and > 0"),
      ("learningRate", "0", "0.0", "must be finite and > 0"),
      ("steps", "0", "0", "must be at least 1"),
      ("batchSize", "-4", "-4", "must be at least 1"),
      ("hiddenUnits", "0", "0", "must be at least 1"),
      ("decayFraction", "1.5", "1.5", "must be in [0, 1]"),
    ])
  func outOfRange(key: String, json: String, value: String, problem: String) {
    let error = configError(configText(key, json))
    #expect(
      error == ConfigError(file: "run.json", key: key, value: value, problem: problem),
      Comment(
        rawValue: "\(key) = \(json): expected run.json: key \"\(key)\" = \(value): \(problem); got "
          + "\(String(describing: error)). Did you check the range after decoding?"))
  }

  @Test("a file that is not a JSON object names the file")
  func notJSON() {
    let error = configError("learningRate = 0.1", file: "run.toml")
    #expect(
      error?.file == "run.toml" && error?.key == "(file)"
        && error?.problem == "is not a JSON object",
      Comment(
        rawValue:
          "the error must name the file: expected run.toml: key \"(file)\" = (not JSON): is not a JSON object; got "
          + "\(String(describing: error))"))
  }

  @Test("loading a bad file stops with the file, the key and the value")
  func loadingABadFileStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let path = NSTemporaryDirectory() + "chapter24-bad-config.json"
      let text = """
        {"seed": 1, "learningRate": -3, "steps": 10, "batchSize": 2, "hiddenUnits": 4,
         "decayFraction": 0}
        """
      _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
      _ = loadTuningConfig(path: path)
    }
    expectMessage(
      result, contains: ["chapter24-bad-config.json", "learningRate", "-3.0"],
      "the message must name the file, the key and the value")
  }
}
