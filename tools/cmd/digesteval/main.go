// Command digesteval measures digestbot's digest engine on the annotated data
// in ../shared/evaldata with the metrics its README defines, printing our
// figures beside the baselines'.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// task is one evaluation; each lives in its own file and registers itself.
type task struct {
	about string
	run   func(args []string, stdout io.Writer) error
}

var tasks = map[string]task{}

func register(name, about string, run func(args []string, stdout io.Writer) error) {
	tasks[name] = task{about: about, run: run}
}

func main() {
	flag.Usage = usage
	flag.Parse()
	if flag.NArg() == 0 {
		usage()
		os.Exit(2)
	}
	t, ok := tasks[flag.Arg(0)]
	if !ok {
		fmt.Fprintf(os.Stderr, "digesteval: unknown task %q\n", flag.Arg(0))
		usage()
		os.Exit(2)
	}
	if err := t.run(flag.Args()[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "digesteval:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: digesteval TASK [flags]\n\ntasks:")
	names := make([]string, 0, len(tasks))
	for n := range tasks {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-12s %s\n", n, tasks[n].about)
	}
}
