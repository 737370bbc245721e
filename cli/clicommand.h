#pragma once

#include "local/deviceenvironment.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QTextStream>

namespace Entra::Cli {

// Exit codes of the CLI contract (docs/ARCHITECTURE.md).
enum ExitCode {
    ExitOk = 0,
    ExitProblems = 1, // the command ran and found problems, or the operation failed
    ExitUsage = 2,    // bad usage or unreadable input
};

// Options every sub-command accepts, before or after the sub-command's name.
struct GlobalOptions
{
    QString stateDir;
    QString tcti;
    QString cloudBaseUrl;
    QString caFile;
    bool noTpm = false;
    bool verbose = false;
    std::chrono::seconds timeout{0}; // 0: the default

    DeviceEnvironment::Options environment() const
    {
        return {stateDir, tcti, noTpm, cloudBaseUrl, caFile, timeout};
    }
};

struct Invocation
{
    const QCommandLineParser &parser;
    QStringList arguments; // positional arguments after the sub-command's name
    GlobalOptions global;
    QTextStream &out;
    QTextStream &err;
};

// One sub-command: `entra-doctor NAME [options] [arguments]`.
class Command
{
public:
    virtual ~Command() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;
    virtual QString argumentsSyntax() const { return {}; } // e.g. "FILE..."
    virtual QList<QCommandLineOption> options() const { return {}; }
    // Commands that read or change this device's registration first finish an operation that
    // was interrupted (JournalRecovery), and say what they repaired.
    virtual bool usesDeviceState(const QCommandLineParser &) const { return false; }
    virtual int run(const Invocation &invocation) = 0;
};

} // namespace Entra::Cli
