#include "cliapplication.h"

#include "bundlecommand.h"
#include "certcommand.h"
#include "diagnosecommand.h"
#include "eventscommand.h"
#include "ops/journalrecovery.h"
#include "pincommand.h"
#include "prtcommand.h"
#include "registrationcommands.h"
#include "statuscommand.h"
#include "tpmcommand.h"

#include <QCoreApplication>
#include <QSet>


using namespace Qt::Literals::StringLiterals;

namespace Entra::Cli {
namespace {

QList<QCommandLineOption> globalOptions()
{
    return {
        {u"state-dir"_s, u"Keep the registration store in DIR."_s, u"DIR"_s},
        {u"tcti"_s, u"Talk to the TPM through TCTI (default: device:/dev/tpmrm0)."_s, u"TCTI"_s},
        {u"cloud"_s, u"Use BASE_URL instead of every Microsoft endpoint (for fakecloud)."_s,
         u"BASE_URL"_s},
        {u"ca-file"_s, u"Also trust the CA certificates in PEM."_s, u"PEM"_s},
        {u"no-tpm"_s, u"Keep keys in software even when a TPM is ready."_s},
        {u"timeout"_s, u"Give up on a request to the cloud after SECONDS (default 30)."_s,
         u"SECONDS"_s},
        {{u"v"_s, u"verbose"_s}, u"Print more detail."_s},
        {{u"h"_s, u"help"_s}, u"Show help."_s},
        {u"version"_s, u"Show the version."_s},
    };
}

} // namespace

CliApplication::CliApplication()
{
    m_commands.push_back(std::make_unique<StatusCommand>());
    m_commands.push_back(std::make_unique<TpmCommand>());
    m_commands.push_back(std::make_unique<EventsCommand>());
    m_commands.push_back(std::make_unique<CertCommand>());
    m_commands.push_back(std::make_unique<DiagnoseCommand>());
    m_commands.push_back(std::make_unique<JoinCommand>());
    m_commands.push_back(std::make_unique<LeaveCommand>());
    m_commands.push_back(std::make_unique<PrtCommand>());
    m_commands.push_back(std::make_unique<PinCommand>());
    m_commands.push_back(std::make_unique<BundleCommand>());
}

CliApplication::~CliApplication() = default;

bool CliApplication::wantsCli(int argc, char **argv)
{
    // The GUI takes no positional arguments, so any word that is not an option's value is a
    // sub-command (a misspelt one gets the CLI's "unknown command" rather than a window).
    static const QSet<QByteArray> guiOptionsWithValue{"--import", "--state-dir", "--tcti",
                                                      "--cloud", "--ca-file", "--timeout"};
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "--version")
            return true;
        if (guiOptionsWithValue.contains(arg)) {
            ++i;
            continue;
        }
        if (!arg.startsWith('-'))
            return true;
    }
    return false;
}

Command *CliApplication::findCommand(QStringView name) const
{
    for (const auto &command : m_commands) {
        if (command->name() == name)
            return command.get();
    }
    return nullptr;
}

QString CliApplication::overviewHelp() const
{
    QString text = u"Usage: entra-doctor [COMMAND] [options]\n\n"
                   u"Troubleshoots Microsoft Entra ID device registration, single sign-on (PRT) and "
                   u"Windows Hello for Business.\nWithout a command it starts the graphical "
                   u"application.\n\nCommands:\n"_s;
    for (const auto &command : m_commands)
        text += u"  %1  %2\n"_s.arg(command->name().leftJustified(10), command->summary());
    text += u"\nGlobal options (before or after the command):\n"_s;
    for (const QCommandLineOption &option : globalOptions()) {
        QString names = u"--"_s + option.names().constLast();
        if (option.names().size() > 1)
            names = u"-"_s + option.names().constFirst() + u", "_s + names;
        if (!option.valueName().isEmpty())
            names += u' ' + option.valueName();
        text += u"  %1  %2\n"_s.arg(names.leftJustified(22), option.description());
    }
    text += u"\nRun `entra-doctor COMMAND --help` for a command's options.\n"
            u"Exit codes: 0 success, 1 problems found or the operation failed, 2 bad usage or "
            u"unreadable input.\n"_s;
    return text;
}

int CliApplication::run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);

    // Find the sub-command: the first argument that is neither an option nor an option's value.
    QSet<QString> optionsWithValue;
    for (const auto &command : m_commands) {
        for (const QCommandLineOption &option : command->options())
            if (!option.valueName().isEmpty())
                optionsWithValue.insert(u"--"_s + option.names().constLast());
    }
    for (const QCommandLineOption &option : globalOptions())
        if (!option.valueName().isEmpty())
            optionsWithValue.insert(u"--"_s + option.names().constLast());
    Command *command = nullptr;
    QString commandName;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (optionsWithValue.contains(arg)) {
            ++i;
            continue;
        }
        if (!arg.startsWith(u'-') || arg == u"-") {
            commandName = arg;
            command = findCommand(arg);
            break;
        }
    }

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(globalOptions());
    if (command)
        parser.addOptions(command->options());
    if (!parser.parse(arguments)) {
        err << "entra-doctor: " << parser.errorText() << "\nRun `entra-doctor --help` for usage.\n";
        return ExitUsage;
    }
    if (parser.isSet(u"version"_s)) {
        out << "entra-doctor " << QCoreApplication::applicationVersion() << '\n';
        return ExitOk;
    }
    if (!command && !commandName.isEmpty()) {
        err << "entra-doctor: unknown command '" << commandName
            << "'.\nRun `entra-doctor --help` for the list of commands.\n";
        return ExitUsage;
    }
    if (!command || (parser.isSet(u"help"_s) && !command)) {
        out << overviewHelp();
        return parser.isSet(u"help"_s) ? ExitOk : ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        out << "Usage: entra-doctor " << command->name() << " [options] "
            << command->argumentsSyntax() << "\n\n" << command->summary() << "\n\nOptions:\n";
        for (const QCommandLineOption &option : command->options()) {
            QString names = u"--"_s + option.names().constLast();
            if (!option.valueName().isEmpty())
                names += u' ' + option.valueName();
            out << "  " << names.leftJustified(22) << "  " << option.description() << '\n';
        }
        out << "\nGlobal options are listed by `entra-doctor --help`.\n";
        return ExitOk;
    }

    QStringList positional = parser.positionalArguments();
    positional.removeFirst(); // the command's name
    GlobalOptions global;
    global.stateDir = parser.value(u"state-dir"_s);
    global.tcti = parser.value(u"tcti"_s);
    global.cloudBaseUrl = parser.value(u"cloud"_s);
    global.caFile = parser.value(u"ca-file"_s);
    global.noTpm = parser.isSet(u"no-tpm"_s);
    global.verbose = parser.isSet(u"verbose"_s);
    if (parser.isSet(u"timeout"_s)) {
        bool ok = false;
        const int seconds = parser.value(u"timeout"_s).toInt(&ok);
        if (!ok || seconds < 1 || seconds > 3600) {
            err << "entra-doctor: --timeout needs a number of seconds from 1 to 3600, not '"
                << parser.value(u"timeout"_s) << "'.\n";
            return ExitUsage;
        }
        global.timeout = std::chrono::seconds(seconds);
    }
    if (command->usesDeviceState(parser)) {
        DeviceEnvironment environment(global.environment());
        Result<QString> repaired = JournalRecovery::repair(environment);
        if (!repaired)
            err << "entra-doctor: " << repaired.error().message << '\n';
        else if (!repaired->isEmpty())
            err << "entra-doctor: " << *repaired << '\n';
    }
    return command->run(Invocation{parser, positional, global, out, err});
}

} // namespace Entra::Cli
