import StageCommands

StageMain.prepareProcess()
TrainCommand.main()
