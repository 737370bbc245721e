#include "prtcommand.h"

#include "interruptsignal.h"

#include "cloud/cloudhttp.h"
#include "cloud/drsclient.h"
#include "ops/devicecodesignin.h"
#include "ops/prtoperation.h"

#include <QEventLoop>
#include <QFile>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Cli {
namespace {

void printError(QTextStream &err, const Error &error)
{
    err << "entra-doctor prt: " << error.message << '\n';
    if (!error.fix.isEmpty())
        err << "What to do: " << error.fix << '\n';
}

// The device-code sign-in that yields the broker refresh token a PRT is requested with.
std::optional<QString> signInForRefreshToken(DrsClient &drs, const QString &tenant,
                                             const QString &stateDirectory, QTextStream &out,
                                             QTextStream &err)
{
    std::optional<QString> refreshToken;
    QEventLoop loop;
    DeviceCodeSignIn signIn(drs, tenant, stateDirectory);
    QObject::connect(&signIn, &DeviceCodeSignIn::codeReady, &loop,
                     [&out](const QString &userCode, const QUrl &url) {
                         out << "To sign in, open " << url.toString()
                             << " in a browser and enter the code " << userCode << '\n';
                         out.flush();
                     });
    QObject::connect(&signIn, &DeviceCodeSignIn::signedIn, &loop, [&](const TokenSet &tokens) {
        refreshToken = tokens.refreshToken;
        loop.quit();
    });
    QObject::connect(&signIn, &DeviceCodeSignIn::failed, &loop, [&](const Error &error) {
        printError(err, error);
        loop.quit();
    });
    InterruptSignal interrupt;
    QObject::connect(&interrupt, &InterruptSignal::interrupted, &signIn, &DeviceCodeSignIn::cancel);
    signIn.start();
    loop.exec();
    return refreshToken;
}

} // namespace

QString PrtCommand::name() const
{
    return u"prt"_s;
}

QString PrtCommand::summary() const
{
    return u"Acquire a Primary Refresh Token (sign-in) or refresh the one this device has."_s;
}

QList<QCommandLineOption> PrtCommand::options() const
{
    return {
        {u"password-stdin"_s, u"acquire: sign in as USER with the password read from standard "
                              u"input instead of a device code."_s,
         u"USER"_s},
    };
}

int PrtCommand::run(const Invocation &invocation)
{
    QTextStream &out = invocation.out;
    QTextStream &err = invocation.err;
    const QString action = invocation.arguments.value(0);
    if (invocation.arguments.size() != 1 || (action != u"acquire" && action != u"refresh")) {
        err << "entra-doctor prt: say `acquire` or `refresh`.\n";
        return ExitUsage;
    }
    DeviceEnvironment environment(invocation.global.environment());
    Result<std::optional<DeviceRegistration>> registration =
        environment.registrationStore().load();
    if (!registration || !registration->has_value()) {
        err << "entra-doctor prt: this device is not joined or registered; a PRT needs a device "
               "identity.\nWhat to do: run `entra-doctor join` first.\n";
        return ExitProblems;
    }
    CloudHttp http;
    if (Status trusted = environment.configure(http); !trusted) {
        printError(err, trusted.error());
        return ExitUsage;
    }
    PrtClient client(http, environment.endpoints());
    PrtStore store(environment.stateDirectory());
    PrtOperation operation(client, environment.keyStoreFor(**registration), **registration, store);

    PrtCredential credential;
    if (action == u"acquire") {
        if (invocation.parser.isSet(u"password-stdin"_s)) {
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly)) {
                err << "entra-doctor prt: cannot read the password from standard input.\n";
                return ExitUsage;
            }
            credential.kind = PrtCredential::Kind::Password;
            credential.userName = invocation.parser.value(u"password-stdin"_s);
            credential.secret = QString::fromUtf8(in.readLine()).trimmed();
        } else {
            DrsClient drs(http, environment.endpoints());
            std::optional<QString> refreshToken =
                signInForRefreshToken(drs, (*registration)->tenantId,
                                      environment.stateDirectory(), out, err);
            if (!refreshToken)
                return ExitProblems;
            credential.kind = PrtCredential::Kind::BrokerRefreshToken;
            credential.secret = *refreshToken;
        }
    }

    int exitCode = ExitProblems;
    QEventLoop loop;
    QObject::connect(&operation, &PrtOperation::stepStarted, &loop,
                     [&out](PrtOperation::Step step, const QString &title) {
                         if (step != PrtOperation::Step::Done)
                             out << "- " << title << "...\n";
                         out.flush();
                     });
    QObject::connect(&operation, &PrtOperation::finished, &loop, [&](const StoredPrt &prt) {
        out << "PRT for " << prt.upn << ", valid until "
            << prt.expiresAt.toString(Qt::ISODate) << ".\n";
        exitCode = ExitOk;
        loop.quit();
    });
    QObject::connect(&operation, &PrtOperation::failed, &loop,
                     [&](const Error &error, const PrtAttempt &) {
                         printError(err, error);
                         loop.quit();
                     });
    InterruptSignal interrupt;
    QObject::connect(&interrupt, &InterruptSignal::interrupted, &operation, &PrtOperation::cancel);
    if (action == u"acquire")
        operation.acquire(credential);
    else
        operation.renew();
    loop.exec();
    return exitCode;
}

} // namespace Entra::Cli
