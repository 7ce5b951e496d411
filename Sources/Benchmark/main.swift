// The benchmark: trains the same MLP on the same data with the same initial weights in the
// reference engine and in NumPy, and prints the time per training step of each.
//
//   WORKBOOK_REFERENCE=all swift run -c release --scratch-path .build-release benchmark
//
// A step is: forward, softmax cross-entropy, backward, SGD update (and zeroing the gradients).
// Each workload runs several times from the same initial weights; the medians are compared.
// The final losses of the two engines must agree: the same arithmetic was done.
import Autodiff
import Foundation
import Layers
import Losses
import Optimizers
import Tensors
import Training
import WorkbookSupport

struct Workload {
  var name: String
  var inputs: [[Double]]
  var labels: [Int]
  var sizes: [Int]
  /// nil: the full data set in every step.
  var batchSize: Int?
  var steps: Int
  var learningRate: Double
  var runs: Int
}

/// The initial weights of a ReLU MLP with the given layer sizes, PyTorch's default scale.
func initialLayers(_ sizes: [Int], seed: UInt64) -> [(weight: Tensor, bias: Tensor)] {
  var generator = SeededGenerator(seed: seed)
  return zip(sizes, sizes.dropFirst()).map { inputs, outputs in
    let layer = Linear(inputs: inputs, outputs: outputs, using: &generator)
    return (layer.weight.value, layer.bias!.value)
  }
}

func model(from layers: [(weight: Tensor, bias: Tensor)]) -> Sequential {
  var modules: [Module] = []
  for (index, layer) in layers.enumerated() {
    modules.append(Linear(weight: layer.weight, bias: layer.bias))
    if index < layers.count - 1 { modules.append(ReLU()) }
  }
  return Sequential(modules)
}

func batches(_ workload: Workload) -> [(inputs: Variable, labels: [Int])] {
  let size = workload.batchSize ?? workload.labels.count
  return stride(from: 0, through: workload.labels.count - size, by: size).map { start in
    let rows = Array(workload.inputs[start..<start + size])
    return (Variable(Tensor(rows)), Array(workload.labels[start..<start + size]))
  }
}

func milliseconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) * 1e-15
}

/// Milliseconds per step of each run, and the last loss.
func runEngine(
  _ workload: Workload, _ layers: [(weight: Tensor, bias: Tensor)]
) -> ([Double], Double) {
  let data = batches(workload)
  var perStep: [Double] = []
  var finalLoss = Double.nan
  for _ in 0..<workload.runs {
    let network = model(from: layers)
    let optimizer = SGD(parameters: network.parameters, learningRate: workload.learningRate)
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      for step in 0..<workload.steps {
        let batch = data[step % data.count]
        optimizer.zeroGrad()
        let loss = crossEntropy(logits: network(batch.inputs), labels: batch.labels)
        loss.backward()
        optimizer.step()
        finalLoss = loss.value.scalar
      }
    }
    perStep.append(milliseconds(elapsed) / Double(workload.steps))
  }
  return (perStep, finalLoss)
}

/// Chapter 22's anomaly mode as the benchmark sees it: an observer that checks every tensor the
/// engine writes (each operation's result, each gradient, each updated parameter) for NaN and
/// infinity, and keeps the first. The same scan as the reference of exercise 22.1; written here
/// because the benchmark depends on the engine (chapters 1-10) and not on chapter 22.
final class FiniteCheck: EngineObserver, @unchecked Sendable {
  private(set) var checked = 0
  private(set) var first: (operation: String, phase: EnginePhase)?

  func observe(_ variable: Variable, tensor: Tensor, phase: EnginePhase) {
    guard first == nil else { return }
    checked += 1
    if tensor.scalars.contains(where: { !$0.isFinite }) { first = (variable.operation, phase) }
  }
}

/// Milliseconds per step of each run of the plain loop of `runEngine` with the anomaly mode
/// on, and the number of tensors checked per step.
func runWithAnomalyMode(
  _ workload: Workload, _ layers: [(weight: Tensor, bias: Tensor)]
) -> ([Double], Double) {
  let data = batches(workload)
  var checkedPerStep = 0.0
  let perStep = (0..<workload.runs).map { _ in
    let network = model(from: layers)
    let optimizer = SGD(parameters: network.parameters, learningRate: workload.learningRate)
    let watcher = FiniteCheck()
    let elapsed = ContinuousClock().measure {
      EngineHooks.$observer.withValue(watcher) {
        for step in 0..<workload.steps {
          let batch = data[step % data.count]
          optimizer.zeroGrad()
          let loss = crossEntropy(logits: network(batch.inputs), labels: batch.labels)
          loss.backward()
          optimizer.step()
        }
      }
    }
    checkedPerStep = Double(watcher.checked) / Double(workload.steps)
    return milliseconds(elapsed) / Double(workload.steps)
  }
  return (perStep, checkedPerStep)
}

/// Milliseconds per step of each run through chapter 10's `trainSteps` with `options`: the
/// cost of the telemetry stream, against the plain loop of `runEngine`.
func runWithTelemetry(
  _ workload: Workload, _ layers: [(weight: Tensor, bias: Tensor)], options: TelemetryOptions
) -> [Double] {
  let data = batches(workload)
  return (0..<workload.runs).map { _ in
    let network = model(from: layers)
    let optimizer = SGD(parameters: network.parameters, learningRate: workload.learningRate)
    let elapsed = ContinuousClock().measure {
      _ = trainSteps(network, optimizer: optimizer, steps: workload.steps, telemetry: options) {
        step in
        let batch = data[step % data.count]
        return crossEntropy(logits: network(batch.inputs), labels: batch.labels)
      }
    }
    return milliseconds(elapsed) / Double(workload.steps)
  }
}

/// Runs the NumPy peer on the same workload; nil (with the reason printed) when it cannot run.
///
/// With `singleThread`, BLAS is limited to one thread: the like-for-like peer of the engine,
/// which runs on one core. Without it, NumPy runs as installed (its BLAS may use every core).
func runNumPy(
  _ workload: Workload, _ layers: [(weight: Tensor, bias: Tensor)], singleThread: Bool
) -> (perStep: [Double], finalLoss: Double, version: String)? {
  let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("numpy_peer.py")
  let spec: [String: Any] = [
    "inputs": workload.inputs, "labels": workload.labels,
    "layers": layers.map { layer in
      [
        (0..<layer.weight.shape[0]).map { row in
          Array(
            layer.weight.scalars[row * layer.weight.shape[1]..<(row + 1) * layer.weight.shape[1]])
        },
        layer.bias.scalars,
      ]
    },
    "batch_size": workload.batchSize as Any? ?? NSNull(), "steps": workload.steps,
    "learning_rate": workload.learningRate, "runs": workload.runs,
  ]
  let file = FileManager.default.temporaryDirectory
    .appendingPathComponent("benchmark-\(UUID().uuidString).json")
  defer { try? FileManager.default.removeItem(at: file) }
  do {
    try JSONSerialization.data(withJSONObject: spec).write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, file.path]
    if singleThread {
      var environment = ProcessInfo.processInfo.environment
      for name in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] {
        environment[name] = "1"
      }
      process.environment = environment
    }
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
      let result = try JSONSerialization.jsonObject(with: data) as? [String: Any],
      let perStep = result["per_step_ms"] as? [Double], let loss = result["final_loss"] as? Double
    else {
      print("  (NumPy peer failed: is python3 with NumPy installed?)")
      return nil
    }
    return (perStep, loss, result["numpy"] as? String ?? "?")
  } catch {
    print("  (NumPy peer could not run: \(error))")
    return nil
  }
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted.count % 2 == 1
    ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

let spirals = Datasets.spirals(pointsPerClass: 300, classes: 3, seed: 1)
var shuffler = SeededGenerator(seed: 3)
let blobs = Datasets.blobs(pointsPerClass: 256, classes: 10, dimensions: 64, spread: 4, seed: 2)
let order = shuffler.permutation(blobs.count)
let workloads = [
  Workload(
    name: "2 -> 100 -> 3, spiral 900 points, full batch", inputs: spirals.inputs,
    labels: spirals.labels, sizes: [2, 100, 3], batchSize: nil, steps: 2000, learningRate: 0.5,
    runs: 5),
  Workload(
    name: "64 -> 256 -> 256 -> 10, batches of 128", inputs: order.map { blobs.inputs[$0] },
    labels: order.map { blobs.labels[$0] }, sizes: [64, 256, 256, 10], batchSize: 128,
    steps: 300, learningRate: 0.01, runs: 5),
]

print("Time per training step (forward, cross-entropy, backward, SGD), median of runs")
print("")
for workload in workloads {
  let layers = initialLayers(workload.sizes, seed: 7)
  print(workload.name + ", \(workload.steps) steps x \(workload.runs) runs")
  let (engine, engineLoss) = runEngine(workload, layers)
  print(
    String(format: "  workbook engine  %8.3f ms/step   final loss %.6f", median(engine), engineLoss)
  )
  // The telemetry stream of Part II: off (loss and rate only) and probing every 10 steps with
  // a probe batch of 128 rows (gradient norms, update ratios, activation statistics). Measured
  // right after the plain loop: after the NumPy processes ran, the same loop measured up to
  // 1.6x slower here, an artefact of the order.
  // Chapter 22's anomaly mode: the same loop with every tensor checked for NaN and infinity.
  let (anomaly, checkedPerStep) = runWithAnomalyMode(workload, layers)
  print(
    String(
      format: "  %@  %8.3f ms/step   / plain loop %.2f   (%.0f tensors checked per step)",
      "anomaly mode on".padding(toLength: 26, withPad: " ", startingAt: 0), median(anomaly),
      median(anomaly) / median(engine), checkedPerStep))
  let probe = Tensor(Array(workload.inputs.prefix(128)))
  for (label, options) in [
    ("trainSteps, telemetry off", TelemetryOptions.off),
    ("trainSteps, probe every 10", TelemetryOptions(every: 10, probe: probe)),
  ] {
    let perStep = median(runWithTelemetry(workload, layers, options: options))
    print(
      String(
        format: "  %@  %8.3f ms/step   / plain loop %.2f",
        label.padding(toLength: 26, withPad: " ", startingAt: 0), perStep,
        perStep / median(engine)))
  }
  for singleThread in [false, true] {
    guard let numpy = runNumPy(workload, layers, singleThread: singleThread) else { continue }
    let label = "NumPy \(numpy.version)" + (singleThread ? ", 1 thread" : ", as installed")
    print(
      String(
        format: "  %@  %8.3f ms/step   final loss %.6f   engine / NumPy %.2f",
        label.padding(toLength: 26, withPad: " ", startingAt: 0), median(numpy.perStep),
        numpy.finalLoss, median(engine) / median(numpy.perStep)))
    let agree = abs(engineLoss - numpy.finalLoss) <= 1e-6 * max(1, abs(numpy.finalLoss))
    if !agree { print("  the final losses differ: the engines did different work") }
  }
  print("")
}
