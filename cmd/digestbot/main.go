// Command digestbot follows news feeds and posts digests of them to Discord:
// per story a few verbatim sentences, its key quotes with their speakers and
// its main actors, made offline by the embedded summariser.
//
// main only wires: it parses flags, loads the configuration, opens the store,
// builds the parts and runs the chosen command under one context.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// command is one CLI verb. run gets the arguments after the verb.
type command struct {
	usage string
	about string
	run   func(ctx context.Context, env *cli, args []string) error
}

// commands is filled by each command's file.
var commands = map[string]command{}

// cli carries what every command needs: the global flags and the standard
// streams, so tests can run commands in-process.
type cli struct {
	configPath string
	dbPath     string
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	getenv     func(string) string
	// now is the clock of the bot and the poller; nil means time.Now.
	// End-to-end tests move it to make digests due without waiting.
	now func() time.Time
}

// usageError makes main print the usage after the message.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	return runCLI(ctx, &cli{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}, args)
}

// runCLI parses the global flags and runs the command with env, whose
// streams, getenv and (for tests) clock are set by the caller.
func runCLI(ctx context.Context, env *cli, args []string) int {
	stdout, stderr := env.stdout, env.stderr
	fs := flag.NewFlagSet("digestbot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&env.configPath, "config", "", "TOML configuration file")
	fs.StringVar(&env.dbPath, "db", "", "database file (overrides DIGESTBOT_DB)")
	fs.Usage = func() { printUsage(stderr) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		printUsage(stderr)
		return 2
	}
	name := fs.Arg(0)
	cmd, ok := commands[name]
	if !ok {
		if name == "help" {
			printUsage(stdout)
			return 0
		}
		fmt.Fprintf(stderr, "digestbot: unknown command %q\n\n", name)
		printUsage(stderr)
		return 2
	}
	if err := cmd.run(ctx, env, fs.Args()[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var fe flagError
		if errors.As(err, &fe) {
			return 2
		}
		fmt.Fprintln(stderr, "digestbot:", err)
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "usage: digestbot %s\n", cmd.usage)
			return 2
		}
		return 1
	}
	return 0
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `digestbot follows news feeds and posts short digests of them to Discord.

usage: digestbot [--config FILE] [--db FILE] COMMAND [ARGS]

commands:
`)
	for _, name := range commandOrder {
		if c, ok := commands[name]; ok {
			fmt.Fprintf(w, "  %-44s %s\n", c.usage, c.about)
		}
	}
	fmt.Fprint(w, "\nSettings come from --config, DIGESTBOT_* environment variables and flags; see README.md.\n")
}

// commandOrder is the order commands are listed in the usage text.
var commandOrder = []string{"run", "feeds", "summarize", "digest", "backup", "config"}
