import StageCommands

StageMain.prepareProcess()
GenerateCommand.main()
