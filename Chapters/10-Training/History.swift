import Foundation
import WorkbookSupport

/// What the training loop records at each optimizer step.
public struct StepRecord: Equatable, Sendable {
  /// The epoch the step belongs to, from 0.
  public let epoch: Int
  /// The step's index over the whole run, from 0.
  public let step: Int
  /// The batch's mean loss, measured in the step's own forward pass (before the update).
  public let loss: Double
  /// The number of examples in the batch.
  public let batchSize: Int
  /// The optimizer's learning rate during the step.
  public let learningRate: Double
  /// The global L2 norm of the gradients, before any clipping.
  public let gradientNorm: Double

  /// Creates a record.
  public init(
    epoch: Int, step: Int, loss: Double, batchSize: Int, learningRate: Double,
    gradientNorm: Double
  ) {
    self.epoch = epoch
    self.step = step
    self.loss = loss
    self.batchSize = batchSize
    self.learningRate = learningRate
    self.gradientNorm = gradientNorm
  }
}

/// What the training loop records at the end of each epoch.
public struct EpochRecord: Equatable, Sendable {
  /// The epoch, from 0.
  public let epoch: Int
  /// The mean training loss per example over the epoch: the step losses weighted by their
  /// batch sizes. The model changed during the epoch, so this lags behind the model at its end.
  public let trainingLoss: Double
  /// The learning rate used during the epoch.
  public let learningRate: Double
  /// The loss on the validation set after the epoch's last step, nil without validation.
  public let validationLoss: Double?
  /// The accuracy on the validation set after the epoch's last step, nil without validation.
  public let validationAccuracy: Double?

  /// Creates a record.
  public init(
    epoch: Int, trainingLoss: Double, learningRate: Double, validationLoss: Double?,
    validationAccuracy: Double?
  ) {
    self.epoch = epoch
    self.trainingLoss = trainingLoss
    self.learningRate = learningRate
    self.validationLoss = validationLoss
    self.validationAccuracy = validationAccuracy
  }
}

/// Everything a training run recorded: one record per step, one per epoch, and how it ended.
///
/// Keep it, print it, plot it: the recipe's advice is to look at the curves of every run, not
/// only at the final number.
///
/// ```swift
/// let history = train(model, optimizer: adam, loader: loader, epochs: 30, validation: valid)
/// print(history.plot())
/// ```
public struct History: Sendable {
  /// One record per optimizer step, in order.
  public var steps: [StepRecord]
  /// One record per epoch that ran, in order.
  public var epochs: [EpochRecord]
  /// The early-stopping state at the end of the run (its best epoch and loss), nil when the
  /// run had none.
  public var earlyStopping: EarlyStopping?
  /// Whether early stopping ended the run before the last planned epoch.
  public var stoppedEarly: Bool
  /// The epoch whose weights early stopping put back at the end of the run (its best epoch),
  /// nil when nothing was restored: the model then holds the weights of the last epoch.
  public var restoredEpoch: Int?

  /// Creates a history, empty by default.
  public init(
    steps: [StepRecord] = [], epochs: [EpochRecord] = [], earlyStopping: EarlyStopping? = nil,
    stoppedEarly: Bool = false, restoredEpoch: Int? = nil
  ) {
    self.steps = steps
    self.epochs = epochs
    self.earlyStopping = earlyStopping
    self.stoppedEarly = stoppedEarly
    self.restoredEpoch = restoredEpoch
  }

  /// The training loss of each epoch.
  public var trainingLosses: [Double] { epochs.map(\.trainingLoss) }

  /// The validation loss of each epoch (NaN for an epoch without validation).
  public var validationLosses: [Double] { epochs.map { $0.validationLoss ?? .nan } }

  /// The epoch with the lowest validation loss (the first one on a tie), nil without
  /// validation.
  public var bestEpoch: Int? {
    epochs.filter { $0.validationLoss?.isFinite == true }
      .min { $0.validationLoss! < $1.validationLoss! }?.epoch
  }

  /// The training and validation losses of each epoch, drawn together as a terminal plot,
  /// followed by the `summary`. Provided.
  ///
  /// ```
  /// loss per epoch
  ///    1.10e+00 |*
  ///             | o
  ///    ...
  /// * training   o validation
  /// 20 epochs (180 steps); final training loss 0.0801
  /// best validation loss 0.0243 at epoch 17
  /// ```
  ///
  /// A validation curve that turns up while the training curve keeps falling is overfitting;
  /// two curves that stay close and high are underfitting; a training curve that jumps or goes
  /// flat after a validation is the mode bug of chapter 8. ASCII only, no colour; every line
  /// fits in 80 columns for `width <= 60`.
  ///
  /// - Parameters:
  ///   - width: Columns of the plotting area (10 to 60 keep it within 80 columns).
  ///   - height: Rows of the plotting area, at least 3.
  ///   - logScale: Space the rows evenly in ln(loss), for losses that span several orders of
  ///     magnitude.
  public func plot(width: Int = 60, height: Int = 12, logScale: Bool = false) -> String {
    var plot = LinePlot(
      title: "loss per epoch", width: width, height: height, logScale: logScale, xLabel: "epoch")
    plot.add("training", trainingLosses)
    if epochs.contains(where: { $0.validationLoss != nil }) {
      plot.add("validation", validationLosses)
    }
    return plot.render() + "\n" + summary
  }

  /// What the run came to, in lines of at most 80 columns: the number of epochs and steps, the
  /// final training loss, then the best validation loss, how the run ended and which weights
  /// the model kept.
  ///
  /// ```
  /// 20 epochs (180 steps); final training loss 0.0801
  /// best validation loss 0.0243 at epoch 17; stopped early after epoch 19
  /// weights of epoch 17 restored
  /// ```
  public var summary: String {
    var lines = ["\(epochs.count) epoch\(epochs.count == 1 ? "" : "s") (\(steps.count) steps)"]
    if let last = epochs.last {
      lines[0] += String(format: "; final training loss %.4g", last.trainingLoss)
    }
    var ending: [String] = []
    if let best = bestEpoch, let loss = epochs.first(where: { $0.epoch == best })?.validationLoss {
      ending.append(String(format: "best validation loss %.4g at epoch %d", loss, best))
    }
    if stoppedEarly, let last = epochs.last {
      ending.append("stopped early after epoch \(last.epoch)")
    }
    if let restoredEpoch {
      ending.append("weights of epoch \(restoredEpoch) restored")
    }
    for part in ending {
      if lines.count > 1, lines[lines.count - 1].count + 2 + part.count <= 80 {
        lines[lines.count - 1] += "; " + part
      } else {
        lines.append(part)
      }
    }
    return lines.joined(separator: "\n")
  }
}
