#include "pincommand.h"

#include "interruptsignal.h"

#include "cloud/cloudhttp.h"
#include "hello/ngcprerequisites.h"
#include "hello/pinpolicy.h"
#include "ops/pinoperation.h"
#include "ops/prtoperation.h"
#include "tpm/keystore.h"

#include <QEventLoop>
#include <QFile>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Cli {
namespace {

void printError(QTextStream &err, const Error &error)
{
    err << "entra-doctor pin: " << error.message << '\n';
    if (!error.fix.isEmpty())
        err << "What to do: " << error.fix << '\n';
}

// One line from standard input; on a terminal with echo off.
std::optional<QString> readPin(QTextStream &out, const QString &prompt)
{
    const bool terminal = ::isatty(STDIN_FILENO);
    termios saved{};
    if (terminal) {
        out << prompt;
        out.flush();
        ::tcgetattr(STDIN_FILENO, &saved);
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    }
    char buffer[256];
    const bool ok = std::fgets(buffer, sizeof buffer, stdin) != nullptr;
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        out << '\n';
    }
    if (!ok)
        return std::nullopt;
    QString pin = QString::fromUtf8(buffer);
    while (pin.endsWith(u'\n') || pin.endsWith(u'\r'))
        pin.chop(1);
    std::fill(std::begin(buffer), std::end(buffer), '\0');
    return pin;
}

// Runs `start` and an event loop until `finish` is called.
template<typename Start>
int runLoop(QEventLoop &loop, Start start)
{
    start();
    return loop.exec();
}

} // namespace

QString PinCommand::name() const
{
    return u"pin"_s;
}

QString PinCommand::summary() const
{
    return u"Set up, test, change or remove the Windows Hello for Business PIN."_s;
}

int PinCommand::run(const Invocation &invocation)
{
    QTextStream &out = invocation.out;
    QTextStream &err = invocation.err;
    const QString action = invocation.arguments.value(0);
    static const QStringList actions = {u"setup"_s, u"test"_s, u"change"_s, u"remove"_s};
    if (invocation.arguments.size() != 1 || !actions.contains(action)) {
        err << "entra-doctor pin: say setup, test, change or remove.\n";
        return ExitUsage;
    }
    DeviceEnvironment environment(invocation.global.environment());
    RegistrationStore registrationStore = environment.registrationStore();
    Result<std::optional<DeviceRegistration>> registration = registrationStore.load();
    const bool joined = registration && registration->has_value() && (*registration)->joinType == 0;
    PrtStore prtStore(environment.stateDirectory());
    NgcStore ngcStore(environment.stateDirectory());
    Result<std::optional<NgcRegistration>> ngc = ngcStore.load();
    const bool ngcSet = ngc && ngc->has_value();

    if (action == u"setup") {
        NgcFacts facts;
        facts.deviceJoined = joined;
        facts.userHasPrt = prtStore.load() && prtStore.load()->has_value();
        facts.deviceEligible = joined
            && ((*registration)->tpmProtected || environment.options().forceSoftwareKeys);
        facts.remoteSession = NgcPrerequisiteResult::isRemoteSession();
        const NgcPrerequisiteResult check = NgcPrerequisiteResult::evaluate(facts);
        if (!check.willProvision) {
            err << "entra-doctor pin: WillNotProvision: " << check.failing << " is NO.\n"
                << check.explanation << '\n';
            return ExitProblems;
        }
    } else if (!ngcSet) {
        err << "entra-doctor pin: no Windows Hello PIN is set up on this device.\n"
               "What to do: run `entra-doctor pin setup`.\n";
        return ExitProblems;
    }
    if (!registration || !registration->has_value()) {
        err << "entra-doctor pin: this device is not joined.\n";
        return ExitProblems;
    }

    CloudHttp http;
    if (Status trusted = environment.configure(http); !trusted) {
        printError(err, trusted.error());
        return ExitUsage;
    }
    PrtClient prtClient(http, environment.endpoints());
    KeyProvisioningClient keyClient(http, environment.endpoints());
    std::shared_ptr<KeyStore> keys = environment.keyStoreFor(**registration);
    const PinPolicy policy;

    int exitCode = ExitProblems;
    QEventLoop loop;
    InterruptSignal interrupt;
    QObject::connect(&interrupt, &InterruptSignal::interrupted, &loop, &QEventLoop::quit);
    auto printStep = [&out](const QString &title) {
        out << "- " << title << "...\n";
        out.flush();
    };

    if (action == u"test") {
        std::optional<QString> pin = readPin(out, u"PIN: "_s);
        if (!pin)
            return ExitUsage;
        PrtOperation signIn(prtClient, keys, **registration, prtStore);
        QObject::connect(&signIn, &PrtOperation::stepStarted, &loop,
                         [&](PrtOperation::Step step, const QString &title) {
                             if (step != PrtOperation::Step::Done)
                                 printStep(title);
                         });
        QObject::connect(&signIn, &PrtOperation::finished, &loop, [&](const StoredPrt &prt) {
            out << "The PIN works: signed in as " << prt.upn << " with Windows Hello ("
                << prt.amr.join(u", "_s) << ").\n";
            exitCode = ExitOk;
            loop.quit();
        });
        QObject::connect(&signIn, &PrtOperation::failed, &loop, [&](const Error &error) {
            printError(err, error);
            loop.quit();
        });
        PrtCredential credential;
        credential.kind = PrtCredential::Kind::HelloKey;
        credential.userName = (*ngc)->upn;
        credential.secret = *pin;
        credential.ngcKeyId = (*ngc)->keyId;
        credential.ngcKeyBlob = (*ngc)->publicKeyBlob;
        runLoop(loop, [&] { signIn.acquire(credential); });
        return exitCode;
    }

    QString newPin;
    if (action == u"change") {
        std::optional<QString> old = readPin(out, u"Current PIN: "_s);
        if (!old)
            return ExitUsage;
        // The TPM checks the old PIN (and counts a wrong one) before anything changes.
        Result<QByteArray> proof = keys->signSha256((*ngc)->keyId, "pin check", *old);
        if (!proof) {
            printError(err, proof.error());
            return ExitProblems;
        }
    }
    if (action == u"setup" || action == u"change") {
        std::optional<QString> pin = readPin(out, u"New PIN: "_s);
        std::optional<QString> again =
            ::isatty(STDIN_FILENO) ? readPin(out, u"Confirm the PIN: "_s) : pin;
        if (!pin || !again)
            return ExitUsage;
        if (*pin != *again) {
            err << "entra-doctor pin: the two PINs differ.\n";
            return ExitUsage;
        }
        if (const QStringList problems = policy.problems(*pin); !problems.isEmpty()) {
            err << "entra-doctor pin: " << problems.join(u' ') << "\nThe PIN must be "
                << policy.description() << '\n';
            return ExitUsage;
        }
        newPin = *pin;
    }

    PinOperation operation(prtClient, keyClient, keys, **registration, registrationStore);
    QObject::connect(&operation, &PinOperation::stepStarted, &loop,
                     [&](PinOperation::Step step, const QString &title) {
                         if (step != PinOperation::Step::Done)
                             printStep(title);
                     });
    QObject::connect(&operation, &PinOperation::finished, &loop,
                     [&](const NgcRegistration &registered) {
                         out << "Windows Hello PIN " << (action == u"change" ? "changed" : "set up")
                             << " for " << registered.upn << " (key " << registered.keyId
                             << (registered.tpmProtected ? ", in the TPM" : ", in software")
                             << ").\n";
                         exitCode = ExitOk;
                         loop.quit();
                     });
    QObject::connect(&operation, &PinOperation::removed, &loop, [&](const QString &note) {
        out << "The Windows Hello PIN was removed from this device.\n";
        if (!note.isEmpty())
            out << "Note: " << note << '\n';
        exitCode = ExitOk;
        loop.quit();
    });
    QObject::connect(&operation, &PinOperation::failed, &loop,
                     [&](const Error &error, PinOperation::Step, const QString &rollback) {
                         printError(err, error);
                         if (!rollback.isEmpty())
                             err << rollback << '\n';
                         loop.quit();
                     });
    runLoop(loop, [&] {
        if (action == u"remove")
            operation.remove();
        else
            operation.setUp(newPin);
    });
    return exitCode;
}

} // namespace Entra::Cli
