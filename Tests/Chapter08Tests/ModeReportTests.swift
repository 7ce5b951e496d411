import Autodiff
import DropoutAndModes
import Layers
import Tensors
import TestSupport
import Testing

@Suite("8.2 Diagnosing a model left in evaluation mode")
struct ModeReportTests {
  @Test("the report lists every module once, depth first, with its path, type and mode")
  func listsEveryModule() {
    let (model, _) = nestedProbeModel()
    let report = modeReport(model)
    #expect(
      report.map(\.path) == [
        "model", "model.0", "model.1", "model.2", "model.2.0", "model.2.1",
        "model.2.1.0",
      ],
      """
      paths are the model's name, then each child's index on the way down, depth first (a \
      module before its children, the children in order); got \(report.map(\.path))
      """)
    #expect(
      report.map(\.typeName) == [
        "Sequential", "ModeProbe", "Identity", "Sequential",
        "ModeProbe", "Sequential", "ModeProbe",
      ],
      "typeName is String(describing: type(of: module)); got \(report.map(\.typeName))")
    #expect(report.count == 7 && report.allSatisfy { $0.isTraining }, "a new model is training")
  }

  @Test("after the leaky helper, the report shows every module in evaluation mode")
  func showsTheLeak() {
    let (model, _) = nestedProbeModel()
    _ = leakyEvaluate(model, on: Tensor([[1, 2]]))
    let stuck = modulesInEvaluationMode(model)
    #expect(
      stuck.count == 7 && !model.isTraining,
      """
      leakyEvaluate called model.eval() and never switched back, so all 7 modules are in \
      evaluation mode and the report must say so; it lists \(stuck)
      """)
    model.train()
    #expect(
      modeReport(model).count == 7 && modulesInEvaluationMode(model).isEmpty,
      "after model.train() every entry must read isTraining == true")
  }

  @Test("a block kept in evaluation mode on purpose is the only part reported in evaluation")
  func mixedModes() {
    let (model, block) = nestedProbeModel()
    block.eval()
    let report = modeReport(model, name: "net")
    #expect(
      report.filter { !$0.isTraining }.map(\.path) == ["net.2", "net.2.0", "net.2.1", "net.2.1.0"],
      """
      only the block net.2 and what is inside it are in evaluation mode (and the paths start \
      with the name given); each entry's isTraining is that module's own mode \
      (module.isTraining), not the model's; report: \(report.map(\.description))
      """)
    #expect(report.first?.description == "net Sequential: train")
  }

  @Test("a module used twice is reported once, at its first path")
  func sharedModuleOnce() {
    let shared = ModeProbe()
    let model = Sequential(shared, Identity(), Sequential(shared))
    let report = modeReport(model)
    #expect(
      report.map(\.path) == ["model", "model.0", "model.1", "model.2"],
      """
      the probe appears at model.0 and model.2.0 but is one module: list it once, at its first \
      path (keep a Set<ObjectIdentifier> of the modules already reported); got \
      \(report.map(\.path))
      """)
  }
}
