// The Dashboard module: `kwcluster serve`, a read-only local dashboard on 127.0.0.1.
