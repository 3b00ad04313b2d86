import KWClusterCommands

await KWCluster.runAsRoot()
