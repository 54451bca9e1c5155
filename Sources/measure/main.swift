import StageCommands

StageMain.prepareProcess()
MeasureCommand.main()
