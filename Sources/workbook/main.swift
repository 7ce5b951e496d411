import WorkbookGrader

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

exit(WorkbookCommand.main(Array(CommandLine.arguments.dropFirst())))
