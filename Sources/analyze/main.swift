import StageCommands

StageMain.prepareProcess()
AnalyzeCommand.main()
