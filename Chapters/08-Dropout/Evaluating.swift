import Layers

extension Module {
  /// Runs `body` with this module and every module inside it in evaluation mode, then puts
  /// every one of them back in the mode it had before, and returns what `body` returned.
  ///
  /// ```swift
  /// model.train()
  /// let predictions = model.evaluating { model(Variable(validationInputs)).value }
  /// model.isTraining   // true: the next training step still drops
  /// ```
  ///
  /// This is the scoped answer to the commonest mode bug: a validation helper that calls
  /// `model.eval()` and never switches back, so training carries on with dropout off (see
  /// `leakyEvaluate`). Here the switch back cannot be forgotten, because it is not the
  /// caller's job:
  ///
  /// - The modes are restored *per module*, as they were found, not with `train()`: a model
  ///   with a submodule kept in evaluation mode on purpose (a pretrained block whose dropout
  ///   must stay off) gets that submodule back in evaluation mode, and a model that was already
  ///   in evaluation mode stays there.
  /// - They are restored on every way out of `body`, including an error it throws (`defer`).
  /// - Calls nest: an inner `evaluating` restores the evaluation mode of the outer one.
  ///
  /// The same idea as Python's `with torch.no_grad():` (a context manager that restores the
  /// state it changed on exit), applied to the mode.
  ///
  /// Exercise 8.3.
  public func evaluating<T>(_ body: () throws -> T) rethrows -> T {
    // TODO(8.3): your code here (README.md, exercise 8.3).
    return try body()
  }
}
