// The fault soak (issue #8). One device joins, gets a PRT, sets up a Windows Hello PIN, signs in
// with it (or renews the PRT) and leaves, cycle after cycle, through the real entra-doctor binary
// against fakecloud and swtpm, while a seeded plan injects faults: fakecloud answers 429, 5xx,
// drops or cuts connections and answers too late; the TPM goes away before or during a step or
// is locked out; the program is killed with SIGKILL in the middle of a step. After every step
// the local stores, the key stores and the cloud must agree (or the disagreement must have been
// explained to the user), no key may be orphaned, a failure must be explained by a specific
// message and by `entra-doctor status`, and nothing secret may be printed.
//
// ENTRA_SOAK_SEED (default 20240808) and ENTRA_SOAK_CYCLES (default 50) choose the plan;
// ENTRA_SOAK_ONLY=N runs cycle N of that plan alone; ENTRA_SOAK_VERBOSE=1 prints what the
// program said in every cycle, with timings. Every cycle prints its plan, and a failure
// names the seed and the cycle. The moment a SIGKILL lands depends on scheduling, so a replay
// may hit a neighbouring moment; the plan itself is the same.
#include "clidevice.h"
#include "hello/ngcstore.h"
#include "store/prtstore.h"
#include "store/registrationstore.h"
#include "swtpminstance.h"
#include "tpm/keystoreselection.h"
#include "tpm/tpmkeystore.h"
#include "tpm/tpmsession.h"
#include "tpm/tpmworker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrentRun>

#include <atomic>

using namespace Entra;
using namespace Entra::Test;
using namespace Qt::Literals::StringLiterals;
using Fault = FakeCloudInstance::Fault;

namespace {

constexpr quint32 DefaultSeed = 20240808;
constexpr int DefaultCycles = 50;
const QString User = u"dave@contoso.onmicrosoft.com"_s;
// Client timeout of the soak's CLI runs, and the delay that outlasts it.
constexpr int TimeoutSeconds = 4;
// The swtpm's dictionary-attack policy while soaking: few tries, so a lockout is quick to cause.
constexpr quint32 DaMaxTries = 3;

enum class Step { Join, PrtAcquire, PinSetup, SignIn, Leave };
constexpr Step AllSteps[]
    = { Step::Join, Step::PrtAcquire, Step::PinSetup, Step::SignIn, Step::Leave };

QString stepName(Step step)
{
    switch (step) {
    case Step::Join:
        return u"join"_s;
    case Step::PrtAcquire:
        return u"prt acquire"_s;
    case Step::PinSetup:
        return u"pin setup"_s;
    case Step::SignIn:
        return u"sign-in"_s;
    case Step::Leave:
        return u"leave"_s;
    }
    return {};
}

// A request a step makes, as a fault rule addresses it: the path, the method and how many
// earlier requests of the same step match it too (the token endpoint serves several).
struct Endpoint
{
    QString path;
    QByteArray method;
    int earlierMatches = 0;
};

QList<Endpoint> endpointsOf(Step step)
{
    const QString token = u"/oauth2/token"_s;
    switch (step) {
    case Step::Join:
        return { { u"/enrollmentserver/contract"_s, "GET", 0 },
                 { u"/oauth2/devicecode"_s, "POST", 0 },
                 { token, "POST", 0 },
                 { u"/EnrollmentServer/device"_s, "POST", 0 } };
    case Step::PrtAcquire: // device-code poll, nonce, PRT request
        return { { u"/oauth2/devicecode"_s, "POST", 0 }, { token, "POST", 2 } };
    case Step::PinSetup: // nonce, DRS access token through the PRT, key registration
        return { { token, "POST", 1 }, { u"/EnrollmentServer/key"_s, "POST", 0 } };
    case Step::SignIn: // nonce, PRT request (Hello assertion or session-key renewal)
        return { { token, "POST", 1 } };
    case Step::Leave:
        return { { u"/EnrollmentServer/device"_s, "DELETE", 0 } };
    }
    return {};
}

// The progress lines a step prints before each of its phases: moments to kill it at.
QList<QByteArray> progressLinesOf(Step step)
{
    switch (step) {
    case Step::Join:
        return { "- Finding the device registration service",
                 "- Signing in",
                 "- Creating the device key",
                 "- Registering the device",
                 "- Checking the device certificate",
                 "- Saving the registration" };
    case Step::PrtAcquire:
        return { "To sign in",
                 "- Getting a nonce",
                 "- Signing the request",
                 "- Sending the request",
                 "- Opening the session key",
                 "- Saving the PRT" };
    case Step::PinSetup:
        return { "- Getting a token for the key service", "- Creating the Windows Hello key",
                 "- Registering the key", "- Saving the Windows Hello registration" };
    case Step::SignIn:
        return { "- Getting a nonce", "- Signing the request", "- Sending the request",
                 "- Opening the session key", "- Saving the PRT" };
    case Step::Leave:
        return { "- Deleting the device in the directory", "- Removing the registration" };
    }
    return {};
}

struct FaultEvent
{
    enum class Kind {
        Cloud, // a fakecloud fault rule on one of the step's requests
        Kill, // SIGKILL the program at one of the step's progress lines
        TpmDown, // swtpm is not running during the step
        TpmCrash, // swtpm is killed at one of the step's progress lines
        Lockout, // the TPM is in dictionary-attack lockout during the step
        WrongPin, // the user types a wrong PIN first (sign-in with the PIN)
    };
    Kind kind = Kind::Cloud;
    Step step = Step::Join;
    std::optional<Fault> fault; // Cloud; Kill: a delay so that the kill lands mid-request
    QByteArray trigger;
    int delayMs = 0;

    bool interrupts() const { return kind == Kind::Kill || kind == Kind::TpmCrash; }
    QString describe() const;
};

QString describeFault(const Fault &fault)
{
    QString what;
    if (fault.kind == u"throttle")
        what = u"429 Retry-After %1"_s.arg(fault.retryAfter);
    else if (fault.kind == u"status")
        what = QString::number(fault.status);
    else if (fault.kind == u"delay")
        what = u"%1 ms late"_s.arg(fault.delayMs);
    else if (fault.kind == u"drop")
        what = fault.process ? u"dropped after processing"_s : u"dropped"_s;
    else if (fault.kind == u"close")
        what = u"cut mid-answer"_s;
    else
        what = u"malformed (%1)"_s.arg(fault.mode);
    return u"%1 on %2 %3%4"_s.arg(what, QString::fromLatin1(fault.method), fault.path,
                                  fault.skip ? u" (after %1)"_s.arg(fault.skip) : QString());
}

QString FaultEvent::describe() const
{
    const QString at = u"%1: "_s.arg(stepName(step));
    switch (kind) {
    case Kind::Cloud:
        return at + describeFault(*fault);
    case Kind::Kill:
        return at
            + u"SIGKILL %1 ms after \"%2\"%3"_s.arg(delayMs).arg(
                QString::fromLatin1(trigger).mid(2),
                fault ? u" with the answer "_s + describeFault(*fault) : QString());
    case Kind::TpmDown:
        return at + u"swtpm down"_s;
    case Kind::TpmCrash:
        return at
            + u"swtpm killed %1 ms after \"%2\""_s.arg(delayMs).arg(
                QString::fromLatin1(trigger).mid(2));
    case Kind::Lockout:
        return at + u"TPM in dictionary-attack lockout"_s;
    case Kind::WrongPin:
        return at + u"a wrong PIN first"_s;
    }
    return {};
}

struct CyclePlan
{
    bool tpmKeys = true;
    QString pin;
    QList<FaultEvent> events;

    QList<FaultEvent> eventsFor(Step step) const
    {
        QList<FaultEvent> found;
        for (const FaultEvent &event : events)
            if (event.step == step)
                found << event;
        return found;
    }
    QString describe() const
    {
        QStringList parts;
        for (const FaultEvent &event : events)
            parts << event.describe();
        return u"%1 keys, faults: %2"_s.arg(tpmKeys ? u"TPM"_s : u"software"_s,
                                            parts.isEmpty() ? u"none"_s : parts.join(u"; "_s));
    }
};

Fault cloudFault(QRandomGenerator &rng, Step step)
{
    const QList<Endpoint> endpoints = endpointsOf(step);
    const Endpoint &endpoint = endpoints.at(rng.bounded(int(endpoints.size())));
    Fault fault;
    switch (rng.bounded(7)) {
    case 0:
        fault = Fault::throttle(endpoint.path, 1, 1);
        break;
    case 1:
    case 2: {
        static const int statuses[] = { 500, 502, 503, 504 };
        fault = Fault::serverError(endpoint.path, 1, statuses[rng.bounded(4)]);
        break;
    }
    case 3:
        fault = Fault::drop(endpoint.path, 1, rng.bounded(2) == 1);
        break;
    case 4:
        fault = Fault::closeMidResponse(endpoint.path, 1);
        break;
    case 5:
        fault = Fault::slow(endpoint.path, 1, TimeoutSeconds * 1000 + 2000);
        break;
    default:
        fault = Fault::malformed(endpoint.path, 1, rng.bounded(2) ? u"html"_s : u"truncated"_s);
        break;
    }
    fault.onMethod(endpoint.method);
    fault.afterSkipping(endpoint.earlierMatches ? rng.bounded(endpoint.earlierMatches + 1) : 0);
    return fault;
}

CyclePlan planCycle(quint32 seed, int cycle)
{
    QRandomGenerator rng({ seed, quint32(cycle) });
    // Long enough that finding one in the program's output by chance (a GUID, a time) is
    // practically impossible.
    static const QStringList pins = { u"4809135726"_s, u"2718281904"_s, u"1357902468"_s,
                                      u"9024173865"_s, u"5821390476"_s };
    CyclePlan plan;
    plan.tpmKeys = rng.bounded(5) < 3;
    plan.pin = pins.at(rng.bounded(int(pins.size())));
    const int draw = rng.bounded(10);
    const int count = draw == 0 ? 0 : draw < 6 ? 1 : 2;
    for (int i = 0; i < count; ++i) {
        FaultEvent event;
        event.step = AllSteps[rng.bounded(5)];
        const int kind = rng.bounded(10);
        const QList<QByteArray> lines = progressLinesOf(event.step);
        if (kind < 5) {
            event.kind = FaultEvent::Kind::Cloud;
            event.fault = cloudFault(rng, event.step);
        } else if (kind < 8 || !plan.tpmKeys) {
            event.kind = FaultEvent::Kind::Kill;
            event.trigger = lines.at(rng.bounded(int(lines.size())));
            event.delayMs = rng.bounded(120);
            if (rng.bounded(2)) { // hold the answer back so that the kill lands mid-request
                const QList<Endpoint> endpoints = endpointsOf(event.step);
                const Endpoint &endpoint = endpoints.at(rng.bounded(int(endpoints.size())));
                event.fault = Fault::slow(endpoint.path, 1, 1500).onMethod(endpoint.method);
            }
        } else if (kind == 8) {
            event.kind = rng.bounded(2) ? FaultEvent::Kind::TpmDown : FaultEvent::Kind::TpmCrash;
            event.trigger = lines.at(rng.bounded(int(lines.size())));
            event.delayMs = rng.bounded(60);
        } else {
            // A locked-out TPM at a join (keys fall back to software) or at a PIN step.
            event.kind = event.step == Step::SignIn && rng.bounded(2) ? FaultEvent::Kind::WrongPin
                                                                      : FaultEvent::Kind::Lockout;
            if (event.step == Step::PrtAcquire || event.step == Step::Leave)
                event.step = Step::PinSetup;
        }
        // One interruption per step.
        const QList<FaultEvent> same = plan.eventsFor(event.step);
        if (event.interrupts() && std::any_of(same.begin(), same.end(), [](const FaultEvent &e) {
                return e.interrupts();
            }))
            continue;
        plan.events << event;
    }
    return plan;
}

int environmentNumber(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

// A failure message that tells nothing: what the soak refuses as an explanation.
bool isGeneric(const QString &message)
{
    static const QRegularExpression generic(
        u"unknown error|an error occurred|something went wrong|^error\\.?$|^failed\\.?$|"
        u"operation failed\\.?$"_s,
        QRegularExpression::CaseInsensitiveOption);
    return message.trimmed().size() < 25 || generic.match(message).hasMatch();
}

// The first thing an `entra-doctor CMD: ...` error line says.
QString errorMessage(const QString &err)
{
    static const QRegularExpression line(u"^entra-doctor [a-z]+: (.+)$"_s,
                                         QRegularExpression::MultilineOption);
    QRegularExpressionMatchIterator it = line.globalMatch(err);
    QString last;
    while (it.hasNext()) {
        const QString text = it.next().captured(1).trimmed();
        // Journal-recovery reports come first; the failure is the last such line.
        if (!text.startsWith(u"A join started"_s) && !text.startsWith(u"A leave started"_s)
            && !text.startsWith(u"A pin started"_s) && !text.startsWith(u"failed while"_s))
            last = text;
    }
    return last;
}

} // namespace

// One device with its own fakecloud and swtpm, running cycles one after another. Everything of
// a lane lives in the thread that runs it.
class SoakLane
{
public:
    struct Counters
    {
        int kills = 0;
        int failedSteps = 0;
        int cloudOrphans = 0; // explained, then deleted as an administrator would
        int keyOrphans = 0;
    };

    explicit SoakLane(quint32 seed)
        : m_seed(seed)
    { }
    bool start();
    bool runCycle(int cycle);
    QString failure() const { return m_failure; }
    Counters counters() const { return m_counters; }

private:
    // The state the device is in, read from disk.
    struct Local
    {
        std::optional<DeviceRegistration> registration;
        std::optional<NgcRegistration> ngc;
        bool prt = false;
        bool journal = false;
    };
    Local local() const;

    bool runStep(Step step, const CyclePlan &plan, bool withFaults, bool *succeeded);
    bool leaveForGood(const CyclePlan &plan);
    CliDevice::Run execute(Step step, const CyclePlan &plan, const FaultEvent *interruption,
                           bool wrongPin);
    bool checkOutput(const CliDevice::Run &run, const CyclePlan &plan, const QString &what);
    bool checkStatus(const QString &failure, CliDevice::Run *ran = nullptr);
    bool checkInvariants(const QString &when);
    bool explained(const QStringList &anyOf) const;
    bool fail(const QString &what);

    bool startTpm();
    void stopTpmAbruptly();
    bool tpmSession(const std::function<Status(TpmSession &)> &work);
    bool lockOutTpm();

    quint32 m_seed = DefaultSeed;
    int m_cycle = 0;
    CyclePlan m_plan;
    QString m_cycleOutput; // everything the program said this cycle: the explanations
    QString m_failure;
    bool m_tpmUp = true;
    bool m_daDirty = false; // wrong PINs counted or a lockout: reset after the step
    Counters m_counters;

    std::unique_ptr<FakeCloudInstance> m_cloud;
    QTemporaryDir m_tpmState;
    std::unique_ptr<SwtpmInstance> m_tpm;
    QTemporaryDir m_state;
    std::unique_ptr<CliDevice> m_device;
};

class TestFaultSoak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void soak();
};

// The soak runs cycles on two lanes side by side (odd cycles on one, even on the other): most of
// a cycle is waiting for sign-in polling and the TPM, so this halves the time without changing
// what a cycle does. A cycle's plan depends only on the seed and its number.
void TestFaultSoak::soak()
{
    constexpr int Lanes = 2;
    const quint32 seed = quint32(environmentNumber("ENTRA_SOAK_SEED", int(DefaultSeed)));
    const int cycles = environmentNumber("ENTRA_SOAK_CYCLES", DefaultCycles);
    const int only = environmentNumber("ENTRA_SOAK_ONLY", 0);
    struct LaneResult
    {
        bool ok = true;
        QString failure;
        SoakLane::Counters counters;
    };
    std::atomic<bool> stop = false;
    auto runLane = [=, &stop](int lane) {
        LaneResult result;
        SoakLane soak(seed);
        if (!soak.start())
            return LaneResult { false, soak.failure(), {} };
        for (int cycle = 1; cycle <= cycles && !stop; ++cycle) {
            if ((only > 0 && cycle != only) || (only == 0 && (cycle - 1) % Lanes != lane)
                || (only > 0 && lane != 0))
                continue;
            if (!soak.runCycle(cycle)) {
                stop = true;
                result = { false, soak.failure(), {} };
                break;
            }
        }
        result.counters = soak.counters();
        return result;
    };
    QElapsedTimer timer;
    timer.start();
    QList<QFuture<LaneResult>> running;
    QThreadPool pool;
    pool.setMaxThreadCount(Lanes);
    for (int lane = 0; lane < Lanes; ++lane)
        running << QtConcurrent::run(&pool, runLane, lane);
    SoakLane::Counters total;
    QStringList failures;
    for (QFuture<LaneResult> &lane : running) {
        const LaneResult result = lane.result();
        if (!result.ok)
            failures << result.failure;
        total.kills += result.counters.kills;
        total.failedSteps += result.counters.failedSteps;
        total.cloudOrphans += result.counters.cloudOrphans;
        total.keyOrphans += result.counters.keyOrphans;
    }
    qInfo("soak seed %u: %d cycles in %.1f s; %d SIGKILLs, %d failed steps, %d cloud devices "
          "and %d Hello keys left behind with an explanation",
          seed, only > 0 ? 1 : cycles, double(timer.elapsed()) / 1000.0, total.kills,
          total.failedSteps, total.cloudOrphans, total.keyOrphans);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u"\n"_s)));
}

bool SoakLane::start()
{
    FakeCloudInstance::Options options;
    options.autoApproveUpn = User;
    options.autoApproveMfa = true;
    m_cloud = std::make_unique<FakeCloudInstance>(options);
    if (!m_cloud->start())
        return fail(u"fakecloud did not start: "_s + m_cloud->errorString());
    m_tpm = std::make_unique<SwtpmInstance>(m_tpmState.path());
    if (!startTpm())
        return fail(u"swtpm did not start: "_s + m_tpm->errorString());
    if (!tpmSession([](TpmSession &session) {
            return session.setDictionaryAttackParameters(DaMaxTries, 600, 600);
        }))
        return fail(u"could not set the TPM's dictionary-attack parameters"_s);
    m_device = std::make_unique<CliDevice>(*m_cloud, m_state.path(), m_tpm->tcti());
    m_device->setTimeout(std::chrono::seconds(TimeoutSeconds));
    return true;
}

// A TPM that stops without TPM2_Shutdown counts one failed authorization against the
// dictionary-attack counter (TPM 2.0 part 1, non-orderly shutdown), so a few crashes lock the
// soak's 3-try TPM out just as wrong PINs would: reset the counter after the step, as for those
// (seed 7 cycle 41 met the lockout after three crashes).
void SoakLane::stopTpmAbruptly()
{
    m_tpm->kill();
    m_tpmUp = false;
    m_daDirty = true;
}

bool SoakLane::startTpm()
{
    if (!m_tpm->start())
        return false;
    m_tpmUp = true;
    if (m_device)
        m_device->setTcti(m_tpm->tcti());
    return true;
}

// Work on the swtpm from the test itself; the worker is gone afterwards, so the connection is
// free for the program again (swtpm serves one client at a time).
bool SoakLane::tpmSession(const std::function<Status(TpmSession &)> &work)
{
    TctiOptions tcti;
    tcti.explicitTcti = m_tpm->tcti();
    tcti.useEnvironment = false;
    TpmWorker worker(tcti);
    const Status status = worker.call<Success>([&work](TpmConnection &connection) -> Status {
        Result<TpmSession *> session = connection.session();
        if (!session)
            return session.error();
        return work(**session);
    });
    if (!status)
        qWarning("TPM: %s", qPrintable(status.error().message));
    return bool(status);
}

// Wrong authorisations of a PIN-protected key of our own until the TPM locks out.
bool SoakLane::lockOutTpm()
{
    QTemporaryDir scratch;
    TctiOptions tcti;
    tcti.explicitTcti = m_tpm->tcti();
    tcti.useEnvironment = false;
    auto worker = std::make_shared<TpmWorker>(tcti);
    {
        TpmKeyStore keys(worker, scratch.path(), 0);
        Result<KeyInfo> key = keys.createKey({ {}, u"192837"_s });
        if (!key)
            return false;
        for (quint32 i = 0; i < DaMaxTries + 1; ++i)
            (void)keys.signSha256(key->keyId, "x", u"000000"_s);
    }
    worker.reset();
    m_daDirty = true;
    return true;
}

SoakLane::Local SoakLane::local() const
{
    Local state;
    const RegistrationStore store(m_state.path());
    if (Result<std::optional<DeviceRegistration>> r = store.load(); r && r->has_value())
        state.registration = **r;
    if (Result<std::optional<OperationJournal>> j = store.journal(); j && j->has_value())
        state.journal = true;
    if (Result<std::optional<NgcRegistration>> n = NgcStore(m_state.path()).load();
        n && n->has_value())
        state.ngc = **n;
    if (Result<std::optional<StoredPrt>> p = PrtStore(m_state.path()).load(); p && p->has_value())
        state.prt = true;
    return state;
}

bool SoakLane::fail(const QString &what)
{
    // QtTest shortens long messages: the program's output goes to the log first.
    qWarning().noquote() << u"Cycle %1: what the program said:\n"_s.arg(m_cycle) + m_cycleOutput;
    m_failure = u"seed %1 cycle %2 (%3): %4\nReplay: ENTRA_SOAK_SEED=%1 ENTRA_SOAK_ONLY=%2 "
                u"ctest -R tst_faultsoak --output-on-failure"_s.arg(m_seed)
                    .arg(m_cycle)
                    .arg(m_plan.describe(), what);
    return false;
}

bool SoakLane::explained(const QStringList &anyOf) const
{
    return std::any_of(anyOf.begin(), anyOf.end(), [this](const QString &text) {
        return !text.isEmpty() && m_cycleOutput.contains(text, Qt::CaseInsensitive);
    });
}

CliDevice::Run SoakLane::execute(Step step, const CyclePlan &plan, const FaultEvent *interruption,
                                 bool wrongPin)
{
    QStringList arguments;
    QByteArray input;
    const Local state = local();
    switch (step) {
    case Step::Join:
        arguments = { u"join"_s, u"--tenant"_s, m_cloud->tenantDomain() };
        break;
    case Step::PrtAcquire:
        arguments = { u"prt"_s, u"acquire"_s };
        break;
    case Step::PinSetup:
        arguments = { u"pin"_s, u"setup"_s };
        input = plan.pin.toLatin1() + '\n';
        break;
    case Step::SignIn:
        if (state.ngc) {
            arguments = { u"pin"_s, u"test"_s };
            input = (wrongPin ? QByteArray("6061626364") : plan.pin.toLatin1()) + '\n';
        } else {
            arguments = { u"prt"_s, u"refresh"_s };
        }
        break;
    case Step::Leave:
        arguments = { u"leave"_s };
        break;
    }
    if (!interruption)
        return m_device->run(arguments, input);
    if (interruption->kind == FaultEvent::Kind::Kill) {
        CliDevice::Run run
            = m_device->runAndKill(arguments, input, interruption->trigger, interruption->delayMs);
        m_counters.kills += run.killed ? 1 : 0;
        return run;
    }
    // The TPM crashes at that moment instead of the program.
    return m_device->runAndKill(arguments, input, interruption->trigger, interruption->delayMs,
                                90000, [this] { stopTpmAbruptly(); });
}

bool SoakLane::checkOutput(const CliDevice::Run &run, const CyclePlan &plan, const QString &what)
{
    m_cycleOutput += u"$ entra-doctor %1 (%2 ms, exit %3%4)\n%5"_s.arg(what)
                         .arg(run.elapsedMs)
                         .arg(run.exitCode)
                         .arg(run.killed ? u", killed"_s : QString(), run.all());
    if (run.crashed)
        return fail(u"`%1` crashed or hung (exit %2)"_s.arg(what).arg(run.exitCode));
    if (!run.killed && (run.exitCode < 0 || run.exitCode > 2))
        return fail(u"`%1` exited with %2"_s.arg(what).arg(run.exitCode));
    // No token, key or PIN in what the program prints.
    for (const QString &secret : { u"eyJ"_s, u"-----BEGIN"_s, u"Bearer "_s, plan.pin })
        if (run.all().contains(secret))
            return fail(u"`%1` printed a secret (%2)"_s.arg(what, secret.left(6)));
    return true;
}

bool SoakLane::runStep(Step step, const CyclePlan &plan, bool withFaults, bool *succeeded)
{
    *succeeded = false;
    const QList<FaultEvent> events = withFaults ? plan.eventsFor(step) : QList<FaultEvent>();
    const FaultEvent *interruption = nullptr;
    bool wrongPin = false;
    for (const FaultEvent &event : events) {
        switch (event.kind) {
        case FaultEvent::Kind::Cloud:
            if (!m_cloud->addFault(*event.fault))
                return fail(u"fakecloud refused the fault"_s);
            break;
        case FaultEvent::Kind::Kill:
        case FaultEvent::Kind::TpmCrash:
            if (event.fault && !m_cloud->addFault(*event.fault))
                return fail(u"fakecloud refused the fault"_s);
            interruption = &event;
            break;
        case FaultEvent::Kind::TpmDown:
            stopTpmAbruptly();
            break;
        case FaultEvent::Kind::Lockout:
            if (!lockOutTpm())
                return fail(u"could not lock the TPM out"_s);
            break;
        case FaultEvent::Kind::WrongPin:
            wrongPin = true;
            m_daDirty = true;
            break;
        }
    }

    const QString name = stepName(step);
    CliDevice::Run run = execute(step, plan, interruption, wrongPin);
    if (!checkOutput(run, plan, name))
        return false;
    (void)m_cloud->clearFaults();

    if (run.killed) {
        // The next start repairs what the journal names and says so.
        const bool journal = local().journal;
        CliDevice::Run status;
        if (!checkStatus({}, &status))
            return false;
        if (journal && !status.err.contains(u"was interrupted during"_s))
            return fail(u"the interrupted %1 left a journal but status did not report a "
                        u"repair"_s.arg(name));
        if (!checkInvariants(u"after %1 was killed"_s.arg(name)))
            return false;
    } else if (run.exitCode == 0) {
        *succeeded = true;
        if (wrongPin)
            return fail(u"a wrong PIN was accepted"_s);
        if (!checkInvariants(u"after %1"_s.arg(name)))
            return false;
    } else {
        ++m_counters.failedSteps;
        if (events.isEmpty())
            return fail(u"`%1` failed without an injected fault: %2"_s.arg(name, run.err));
        const QString message = errorMessage(run.err);
        if (message.isEmpty() || isGeneric(message))
            return fail(u"`%1` failed with no specific message: \"%2\""_s.arg(name, run.err));
        if (!checkInvariants(u"after %1 failed"_s.arg(name)) || !checkStatus(message))
            return false;
    }
    if (!m_tpmUp && !startTpm())
        return fail(u"swtpm did not restart: "_s + m_tpm->errorString());
    if (m_daDirty) {
        if (!tpmSession([](TpmSession &session) { return session.resetDictionaryAttackLockout(); }))
            return fail(u"could not reset the TPM's dictionary-attack state"_s);
        m_daDirty = false;
    }
    return true;
}

// `status --json` agrees with the stores and the cloud, and explains `failure` (if any).
bool SoakLane::checkStatus(const QString &failure, CliDevice::Run *ran)
{
    const CliDevice::Run run = m_device->run({ u"status"_s, u"--json"_s });
    if (ran)
        *ran = run;
    if (!checkOutput(run, m_plan, u"status --json"_s))
        return false;
    const QJsonObject status = QJsonDocument::fromJson(run.out.toUtf8()).object();
    if (status.isEmpty())
        return fail(u"status --json printed no JSON"_s);
    auto value = [&status](const QString &section, const QString &key) {
        return status.value(section).toObject().value(key).toString();
    };
    const Local state = local();
    const QString joined = value(u"Device State"_s, u"AzureAdJoined"_s);
    if (joined != (state.registration ? u"YES"_s : u"NO"_s))
        return fail(u"status says AzureAdJoined %1"_s.arg(joined));
    if (state.registration) {
        if (value(u"Device Details"_s, u"DeviceId"_s) != state.registration->deviceId)
            return fail(u"status shows another DeviceId"_s);
        const QString keySignTest = value(u"Diagnostic Data"_s, u"KeySignTest"_s);
        const bool tpmNeeded = state.registration->tpmProtected;
        if (!tpmNeeded || m_tpmUp) {
            if (keySignTest != u"PASSED")
                return fail(u"KeySignTest %1 with the keys available: %2"_s.arg(
                    keySignTest, value(u"Host Details"_s, u"KeySignTest Error"_s)));
        } else if (keySignTest != u"FAILED"
                   || isGeneric(value(u"Host Details"_s, u"KeySignTest Error"_s))) {
            return fail(u"KeySignTest %1 without the TPM, explained as \"%2\""_s.arg(
                keySignTest, value(u"Host Details"_s, u"KeySignTest Error"_s)));
        }
        const bool inCloud = !m_cloud->device(state.registration->deviceId).isEmpty();
        const QString auth = value(u"Device Details"_s, u"DeviceAuthStatus"_s);
        if (!inCloud && auth != u"FAILED. Device is either disabled or deleted")
            return fail(u"the device is gone in the cloud but DeviceAuthStatus is %1"_s.arg(auth));
        if (inCloud && (!tpmNeeded || m_tpmUp) && auth != u"SUCCESS")
            return fail(u"DeviceAuthStatus %1: %2"_s.arg(
                auth, value(u"Host Details"_s, u"DeviceAuthStatus Detail"_s)));
    }
    if (value(u"User State"_s, u"NgcSet"_s) != (state.ngc ? u"YES"_s : u"NO"_s))
        return fail(u"status says NgcSet %1"_s.arg(value(u"User State"_s, u"NgcSet"_s)));
    if (value(u"SSO State"_s, u"AzureAdPrt"_s) != (state.prt ? u"YES"_s : u"NO"_s))
        return fail(u"status says AzureAdPrt %1"_s.arg(value(u"SSO State"_s, u"AzureAdPrt"_s)));
    if (!failure.isEmpty()) {
        // The failing step's own message, as the program printed it (the status may fold or
        // shorten a long one).
        QStringList values;
        for (auto section = status.begin(); section != status.end(); ++section) {
            const QJsonObject fields = section.value().toObject();
            for (auto field = fields.begin(); field != fields.end(); ++field)
                values << field.value().toString();
        }
        const QString wanted = failure.left(100);
        if (!std::any_of(values.begin(), values.end(),
                         [&wanted](const QString &v) { return v.contains(wanted); }))
            return fail(u"status does not explain the failure \"%1\":\n%2"_s.arg(failure, run.out));
    }
    return true;
}

bool SoakLane::checkInvariants(const QString &when)
{
    const Local state = local();
    auto problem = [this, &when](const QString &what) {
        return fail(when + u": "_s + what);
    };
    if (state.journal)
        return problem(u"a journal is left after the program ended normally or was repaired"_s);

    // Keys: exactly those the stores refer to, in whichever key store holds them.
    QStringList referenced;
    if (state.registration)
        referenced << state.registration->deviceKeyId << state.registration->transportKeyId;
    if (state.ngc)
        referenced << state.ngc->keyId;
    QStringList present = keyIdsInStateDir(m_state.path());
    for (QString &id : present)
        id = id.toLower();
    for (QString &id : referenced)
        id = id.toLower();
    for (const QString &id : std::as_const(present))
        if (!referenced.contains(id))
            return problem(
                u"key %1 is orphaned (referenced: %2)"_s.arg(id, referenced.join(u", "_s)));
    for (const QString &id : std::as_const(referenced))
        if (!present.contains(id))
            return problem(u"the stores refer to key %1, which is gone"_s.arg(id));
    const int pool = int(QDir(KeyStoreSelector::tpmKeyDirectory(m_state.path()) + u"/pool"_s)
                             .entryList({ u"*.tpmkey"_s }, QDir::Files)
                             .size());
    if (pool > 1)
        return problem(u"the TPM key pool holds %1 keys (at most 1)"_s.arg(pool));
    if (state.ngc && (!state.registration || state.ngc->deviceId != state.registration->deviceId))
        return problem(u"a Windows Hello registration for a device this is not"_s);
    if (state.prt && !state.registration)
        return problem(u"a PRT without a registration"_s);

    // The cloud (one look at fakecloud's state): our device exists there iff it is registered
    // here.
    const QJsonObject cloud = m_cloud->state();
    const QJsonArray devices = cloud.value(u"devices"_s).toArray();
    if (devices.isEmpty() && cloud.isEmpty())
        return problem(u"fakecloud does not answer"_s);
    const QString ours = state.registration ? state.registration->deviceId : QString();
    const bool oursInCloud
        = std::any_of(devices.begin(), devices.end(), [&ours](const QJsonValue &d) {
              return d.toObject().value(u"deviceId"_s).toString() == ours;
          });
    if (state.registration && !oursInCloud && !explained({ u"--local-only"_s }))
        return problem(
            u"device %1 is registered here but gone in the cloud, unexplained"_s.arg(ours));
    for (const QJsonValue &device : devices) {
        const QString id = device.toObject().value(u"deviceId"_s).toString();
        if (id == ours)
            continue;
        if (!explained({ u"remains in the directory"_s, u"stays in the directory"_s }))
            return problem(u"device %1 exists in the cloud but not here, unexplained"_s.arg(id));
        // An administrator follows the advice and deletes it.
        ++m_counters.cloudOrphans;
        if (!m_cloud->deleteDevice(id))
            return problem(u"could not delete device %1 as an administrator"_s.arg(id));
    }

    // Windows Hello keys on the service: only the one this device holds.
    QJsonArray keys;
    for (const QJsonValue &user : cloud.value(u"users"_s).toArray())
        if (user.toObject().value(u"upn"_s).toString() == User)
            keys = user.toObject().value(u"keyCredentials"_s).toArray();
    bool ngcOnService = false;
    for (const QJsonValue &value : keys) {
        const QJsonObject key = value.toObject();
        if (state.ngc && key.value(u"keyIdentifier"_s).toString() == state.ngc->keyIdentifier
            && key.value(u"deviceId"_s).toString() == ours) {
            ngcOnService = true;
            continue;
        }
        if (!explained({ u"the user's authentication methods"_s }))
            return problem(u"Hello key %1 (device %2) is registered on the service but not here, "
                           u"unexplained"_s.arg(key.value(u"kid"_s).toString(),
                                                key.value(u"deviceId"_s).toString()));
        ++m_counters.keyOrphans;
        if (!m_cloud
                 ->admin("DELETE", u"/users/%1/keys/%2"_s.arg(User, key.value(u"kid"_s).toString()))
                 .ok())
            return problem(u"could not revoke a stale Hello key as an administrator"_s);
    }
    if (state.ngc && !ngcOnService)
        return problem(
            u"the Hello key %1 is not registered on the service"_s.arg(state.ngc->keyId));
    return true;
}

// Leaves the way a user would, following the program's advice: leave; when the directory no
// longer has the device, `leave --local-only`.
bool SoakLane::leaveForGood(const CyclePlan &plan)
{
    for (int attempt = 0; attempt < 2 && local().registration; ++attempt) {
        const QString deviceId = local().registration->deviceId;
        const bool gone = m_cloud->device(deviceId).isEmpty();
        const QStringList arguments
            = gone ? QStringList { u"leave"_s, u"--local-only"_s } : QStringList { u"leave"_s };
        const CliDevice::Run run = m_device->run(arguments);
        if (!checkOutput(run, plan, arguments.join(u' ')))
            return false;
        if (run.exitCode != 0
            && !(run.err.contains(u"--local-only"_s) && m_cloud->device(deviceId).isEmpty()))
            return fail(u"`%1` failed without a fault: %2"_s.arg(arguments.join(u' '), run.err));
        if (!checkInvariants(u"after the final leave"_s))
            return false;
    }
    if (local().registration)
        return fail(u"the device could not leave"_s);
    return true;
}

bool SoakLane::runCycle(int cycle)
{
    m_cycle = cycle;
    m_cycleOutput.clear();
    m_plan = planCycle(m_seed, cycle);
    qInfo("soak seed %u cycle %d: %s", m_seed, cycle, qPrintable(m_plan.describe()));
    m_device->setSoftwareKeys(!m_plan.tpmKeys);
    if (!m_cloud->clearFaults())
        return fail(u"fakecloud does not answer"_s);

    bool ok = false;
    // Join; a join that failed is retried without faults, as a user would.
    if (!runStep(Step::Join, m_plan, true, &ok))
        return false;
    if (!local().registration && !runStep(Step::Join, m_plan, false, &ok))
        return false;
    if (!local().registration)
        return fail(u"the join without faults did not succeed"_s);

    if (!runStep(Step::PrtAcquire, m_plan, true, &ok))
        return false;
    if (!local().prt && !runStep(Step::PrtAcquire, m_plan, false, &ok))
        return false;

    const Local afterPrt = local();
    const bool eligible
        = afterPrt.registration && (afterPrt.registration->tpmProtected || !m_plan.tpmKeys);
    if (afterPrt.prt && eligible && !runStep(Step::PinSetup, m_plan, true, &ok))
        return false;
    if (local().registration && (local().prt || local().ngc)
        && !runStep(Step::SignIn, m_plan, true, &ok))
        return false;
    if (local().registration && !runStep(Step::Leave, m_plan, true, &ok))
        return false;
    if (!leaveForGood(m_plan))
        return false;

    // Back to the start: nothing left here or in the cloud, and status says so.
    if (!checkInvariants(u"at the end of the cycle"_s) || !checkStatus({}))
        return false;
    const Local state = local();
    if (state.ngc || state.prt)
        return fail(u"Hello or PRT state is left after leaving"_s);
    if (!m_cloud->devices().isEmpty())
        return fail(u"devices are left in the cloud"_s);
    if (qEnvironmentVariableIsSet("ENTRA_SOAK_VERBOSE"))
        qInfo().noquote() << m_cycleOutput;
    return true;
}

QTEST_GUILESS_MAIN(TestFaultSoak)
#include "tst_faultsoak.moc"
