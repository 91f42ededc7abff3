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
	// discordAPI is the configured Discord API base URL once the
	// configuration is loaded; show names it in place of discord.com.
	discordAPI string
	// helpName and helpFlags are the help text and the flag set of the
	// command being run, for --help and for a bad flag.
	helpName  string
	helpFlags *flag.FlagSet
	// hooks lets in-process tests drive `run` (see run.go); nil otherwise.
	hooks *runHooks
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
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout)
			return 0
		}
		printUsage(stderr)
		return 2
	}
	if fs.NArg() == 0 {
		printUsage(stderr)
		return 2
	}
	name := fs.Arg(0)
	if name == "help" && fs.NArg() == 1 {
		printUsage(stdout)
		return 0
	}
	if name == "help" { // help CMD [SUB] is CMD [SUB] --help
		return runCLI(ctx, env, append(fs.Args()[1:], "--help"))
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "digestbot: unknown command %q\n\n", name)
		printUsage(stderr)
		return 2
	}
	env.helpName = name
	return env.report(ctx, cmd, cmd.run(ctx, env, fs.Args()[1:]))
}

// report prints the outcome of a command and returns the exit status.
func (env *cli) report(ctx context.Context, cmd command, err error) int {
	var fe flagError
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		printHelp(env.stdout, env.helpName, env.helpFlags)
		return 0
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		// Ctrl-C or SIGTERM: what was asked for is not an error.
		fmt.Fprintln(env.stderr, "digestbot: stopped")
		return 130
	case errors.As(err, &fe): // the flag package has printed what was wrong
		fmt.Fprintf(env.stderr, "usage: digestbot %s\nrun `digestbot %s --help` for details\n", cmd.usage, env.helpName)
		return 2
	}
	fmt.Fprintln(env.stderr, "digestbot:", env.show(err.Error()))
	if errors.As(err, &ue) {
		fmt.Fprintf(env.stderr, "usage: digestbot %s\nrun `digestbot %s --help` for details\n", cmd.usage, env.helpName)
		return 2
	}
	return 1
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `digestbot follows news feeds and posts short digests of them to Discord.

usage: digestbot [--config FILE] [--db FILE] COMMAND [ARGS]

global flags (also accepted after COMMAND):
  --config FILE  TOML configuration file
  --db FILE      database file (overrides DIGESTBOT_DB)

commands:
`)
	for _, name := range commandOrder {
		if c, ok := commands[name]; ok {
			fmt.Fprintf(w, "  %-10s %s\n", name, c.about)
		}
	}
	fmt.Fprint(w, `
Run digestbot COMMAND --help (or digestbot help COMMAND) for its arguments and flags.
Settings come from --config, DIGESTBOT_* environment variables and flags; see README.md.
`)
}

// commandOrder is the order commands are listed in the usage text.
var commandOrder = []string{"run", "feeds", "summarize", "digest", "cluster", "backup", "reshard", "config"}
