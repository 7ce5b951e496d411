// Your scratch pad: try things out here, then run it with
//
//   swift run scratch
//
// It imports every chapter's module, yours from Chapters/ (or the reference for the chapters
// you borrowed with WORKBOOK_REFERENCE), so the lessons' examples run as they are written.
// Nothing here is graded, and the grader never builds this file: a scratch that does not
// compile cannot block `workbook test`. (Plain `swift test` and `swift build` build every
// target, this one included: if it stops compiling, fix it or empty it.)
// Until you have written chapter 1, the example prints NaN-filled stubs.
import Autodiff
import BatchSize
import CheckingResults
import DataInspection
import DataPipeline
import DeadReLUs
import Depth
import DropoutAndModes
import FinalActivation
import Gradients
import Initialisation
import Initializers
import Layers
import LearningRate
import Losses
import NaNHunting
import Normalisation
import Optimizers
import Preprocessing
import Regularisation
import ReproducibleTuning
import Tensors
import Training
import TrainingDoctor
import Width

let x = Tensor([[1, 2, 3], [4, 5, 6]])
print(x.reshaped([3, 2]))
print(x.transposed())
