#include "registrationcommands.h"

#include "interruptsignal.h"

#include "cloud/cloudhttp.h"
#include "cloud/drsclient.h"
#include "ops/joinoperation.h"
#include "ops/leaveoperation.h"
#include "tpm/keystore.h"

#include <QEventLoop>
#include <QSysInfo>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Cli {
namespace {

void printError(QTextStream &err, const QString &command, const Error &error)
{
    err << "entra-doctor " << command << ": " << error.message << '\n';
    if (!error.fix.isEmpty())
        err << "What to do: " << error.fix << '\n';
    if (!error.detail.isEmpty())
        err << "Detail: " << error.detail << '\n';
}

// The CLI's HTTP client, trusting --ca-file; an error is printed and nullptr returned.
std::unique_ptr<CloudHttp> makeHttp(const DeviceEnvironment &environment, QTextStream &err,
                                    const QString &command)
{
    auto http = std::make_unique<CloudHttp>();
    if (Status trusted = environment.configure(*http); !trusted) {
        printError(err, command, trusted.error());
        return nullptr;
    }
    return http;
}

} // namespace

QString JoinCommand::name() const
{
    return u"join"_s;
}

QString JoinCommand::summary() const
{
    return u"Join this device to a tenant, or register it (device-code sign-in)."_s;
}

QList<QCommandLineOption> JoinCommand::options() const
{
    return {
        {u"tenant"_s, u"The tenant's domain (contoso.onmicrosoft.com) or id."_s, u"DOMAIN"_s},
        {u"type"_s, u"join (Entra joined, the default) or register (Entra registered)."_s,
         u"TYPE"_s, u"join"_s},
        {u"name"_s, u"The device's display name in the directory (default: the host name)."_s,
         u"NAME"_s},
    };
}

int JoinCommand::run(const Invocation &invocation)
{
    const QCommandLineParser &parser = invocation.parser;
    QTextStream &out = invocation.out;
    QTextStream &err = invocation.err;
    if (!invocation.arguments.isEmpty()) {
        err << "entra-doctor join: unexpected argument '" << invocation.arguments.constFirst()
            << "'.\n";
        return ExitUsage;
    }
    const QString tenant = parser.value(u"tenant"_s).trimmed();
    if (tenant.isEmpty()) {
        err << "entra-doctor join: --tenant DOMAIN is required (for example "
               "--tenant contoso.onmicrosoft.com).\n";
        return ExitUsage;
    }
    const QString type = parser.value(u"type"_s).toLower();
    if (type != u"join" && type != u"register") {
        err << "entra-doctor join: --type must be join or register, not '" << type << "'.\n";
        return ExitUsage;
    }

    DeviceEnvironment environment(invocation.global.environment());
    RegistrationStore store = environment.registrationStore();
    Result<std::optional<DeviceRegistration>> existing = store.load();
    if (!existing) {
        printError(err, u"join"_s, existing.error());
        return ExitProblems;
    }
    if (existing->has_value()) {
        err << "entra-doctor join: this device is already "
            << ((*existing)->joinType == 0 ? "joined" : "registered") << " as device "
            << (*existing)->deviceId << " in " << (*existing)->targetDomain
            << ".\nWhat to do: run `entra-doctor leave` first.\n";
        return ExitProblems;
    }
    std::unique_ptr<CloudHttp> http = makeHttp(environment, err, u"join"_s);
    if (!http)
        return ExitUsage;

    const KeyStoreSelection keys = environment.selectKeyStore();
    out << "Keys: " << keys.providerName();
    if (!keys.usesTpm)
        out << " (" << keys.reason << ')';
    out << '\n';
    out.flush();

    DrsClient client(*http, environment.endpoints());
    JoinOptions options;
    options.tenant = tenant;
    options.joinType = type == u"join" ? 0 : 4;
    options.deviceDisplayName = parser.isSet(u"name"_s) ? parser.value(u"name"_s)
                                                        : QSysInfo::machineHostName();
    options.osVersion = QSysInfo::prettyProductName();
    JoinOperation join(client, keys.store, store, options);

    int exitCode = ExitProblems;
    QEventLoop loop;
    QObject::connect(&join, &JoinOperation::stepStarted, &loop,
                     [&out](JoinOperation::Step step, const QString &title) {
                         if (step == JoinOperation::Step::Done)
                             return;
                         out << "- " << title << "...\n";
                         out.flush();
                     });
    QObject::connect(&join, &JoinOperation::signInRequired, &loop,
                     [&out](const QString &userCode, const QUrl &url, const QString &) {
                         out << "  To sign in, open " << url.toString()
                             << " in a browser and enter the code " << userCode << '\n';
                         out.flush();
                     });
    QObject::connect(&join, &JoinOperation::finished, &loop,
                     [&](const DeviceRegistration &registration) {
                         out << (registration.joinType == 0 ? "Joined" : "Registered")
                             << ": device " << registration.deviceId << " in "
                             << registration.targetDomain << " (tenant "
                             << registration.tenantId << ") as "
                             << registration.userPrincipalName << ".\n"
                             << "Run `entra-doctor status` to see the new state.\n";
                         exitCode = ExitOk;
                         loop.quit();
                     });
    QObject::connect(&join, &JoinOperation::failed, &loop,
                     [&](const Error &error, JoinOperation::Step step, const QString &rollback) {
                         err << "entra-doctor join: failed while "
                             << JoinOperation::stepTitle(step).toLower() << ".\n";
                         printError(err, u"join"_s, error);
                         err << rollback << '\n';
                         loop.quit();
                     });
    InterruptSignal interrupt;
    QObject::connect(&interrupt, &InterruptSignal::interrupted, &join, &JoinOperation::cancel);
    join.start();
    loop.exec();
    return exitCode;
}

QString LeaveCommand::name() const
{
    return u"leave"_s;
}

QString LeaveCommand::summary() const
{
    return u"Delete this device in the directory and remove its registration here."_s;
}

QList<QCommandLineOption> LeaveCommand::options() const
{
    return {
        {u"local-only"_s, u"Only remove the registration from this device; the device object "
                          u"stays in the directory."_s},
    };
}

int LeaveCommand::run(const Invocation &invocation)
{
    QTextStream &out = invocation.out;
    QTextStream &err = invocation.err;
    if (!invocation.arguments.isEmpty()) {
        err << "entra-doctor leave: unexpected argument '" << invocation.arguments.constFirst()
            << "'.\n";
        return ExitUsage;
    }
    DeviceEnvironment environment(invocation.global.environment());
    RegistrationStore store = environment.registrationStore();
    Result<std::optional<DeviceRegistration>> registration = store.load();
    if (!registration) {
        printError(err, u"leave"_s, registration.error());
        return ExitProblems;
    }
    if (!registration->has_value()) {
        err << "entra-doctor leave: this device is neither joined nor registered; there is "
               "nothing to leave.\n";
        return ExitProblems;
    }
    std::unique_ptr<CloudHttp> http = makeHttp(environment, err, u"leave"_s);
    if (!http)
        return ExitUsage;
    DrsClient client(*http, environment.endpoints());
    LeaveOperation leave(client, environment.keyStoreFor(**registration), store,
                         {invocation.parser.isSet(u"local-only"_s)});

    int exitCode = ExitProblems;
    QEventLoop loop;
    QObject::connect(&leave, &LeaveOperation::stepStarted, &loop,
                     [&out](LeaveOperation::Step step, const QString &title) {
                         if (step == LeaveOperation::Step::Done)
                             return;
                         out << "- " << title << "...\n";
                         out.flush();
                     });
    QObject::connect(&leave, &LeaveOperation::finished, &loop, [&](const LeaveOutcome &outcome) {
        out << "Left: device " << outcome.deviceId
            << (outcome.cloudObjectDeleted ? " was deleted in the directory and" : "")
            << " is no longer registered on this device.\n";
        if (!outcome.note.isEmpty())
            out << "Note: " << outcome.note << '\n';
        exitCode = ExitOk;
        loop.quit();
    });
    QObject::connect(&leave, &LeaveOperation::failed, &loop,
                     [&](const Error &error, LeaveOperation::Step, const QString &advice) {
                         printError(err, u"leave"_s, error);
                         if (!advice.isEmpty())
                             err << advice << '\n';
                         loop.quit();
                     });
    InterruptSignal interrupt;
    QObject::connect(&interrupt, &InterruptSignal::interrupted, &leave, &LeaveOperation::cancel);
    leave.start();
    loop.exec();
    return exitCode;
}

} // namespace Entra::Cli
