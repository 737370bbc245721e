// TPM benchmark against its own swtpm: probe latency, and RSA-2048 key creation for a PIN key
// with and without the pre-generated key pool. `cmake --build BUILD --target bench` runs it.

#include "swtpminstance.h"
#include "tpm/softwarekeystore.h"
#include "tpm/tpmkeystore.h"
#include "tpm/tpmprobe.h"
#include "tpm/tpmworker.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <functional>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;

namespace {

QTextStream out(stdout);

struct Figures
{
    QList<double> ms;

    double median() const
    {
        QList<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        return sorted.isEmpty() ? 0 : sorted.at(sorted.size() / 2);
    }
    double min() const { return ms.isEmpty() ? 0 : *std::min_element(ms.begin(), ms.end()); }
    double max() const { return ms.isEmpty() ? 0 : *std::max_element(ms.begin(), ms.end()); }
};

void print(const QString &what, const Figures &figures)
{
    out << what.leftJustified(46)
        << u" n=%1  median %2 ms  min %3 ms  max %4 ms"_s.arg(figures.ms.size(), 2)
               .arg(figures.median(), 7, 'f', 1)
               .arg(figures.min(), 7, 'f', 1)
               .arg(figures.max(), 7, 'f', 1)
        << Qt::endl;
}

// Runs `step` n times; a failing step aborts the benchmark.
bool measure(int n, Figures &figures, const std::function<bool()> &step)
{
    for (int i = 0; i < n; ++i) {
        QElapsedTimer timer;
        timer.start();
        if (!step())
            return false;
        figures.ms << double(timer.nsecsElapsed()) / 1e6;
    }
    return true;
}

bool fail(const QString &what, const Error &error)
{
    QTextStream(stderr) << "bench_tpm: " << what << ": " << error.message << " (" << error.detail
                        << ")" << Qt::endl;
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // ENTRA_BENCH_ROUNDS=N repeats each measurement N times (default 5).
    const int rounds = qEnvironmentVariableIntValue("ENTRA_BENCH_ROUNDS");
    const int n = rounds > 0 ? rounds : 5;

    Test::SwtpmInstance swtpm;
    if (!swtpm.start()) {
        QTextStream(stderr) << "bench_tpm: cannot start swtpm: " << swtpm.errorString() << Qt::endl;
        return 1;
    }
    TctiOptions options;
    options.explicitTcti = swtpm.tcti();
    options.useEnvironment = false;
    auto worker = std::make_shared<TpmWorker>(options);
    QTemporaryDir stateDir;

    out << "TPM benchmark against swtpm (" << swtpm.tcti() << ")" << Qt::endl;

    // Probe: the first includes connecting and creating the storage primary.
    Figures cold;
    Figures warm;
    bool ok = measure(1, cold, [&] { return TpmProbe::runSync(*worker).ready(); })
        && measure(2 * n, warm, [&] { return TpmProbe::runSync(*worker).ready(); });
    if (!ok) {
        fail(u"probe"_s, tpmLocalError(TpmCodeInternal, u"the TPM is not ready"_s));
        return 1;
    }
    print(u"probe, first (connect + storage primary)"_s, cold);
    print(u"probe, warm"_s, warm);

    const QString pin = u"123456"_s;

    // PIN key without a pool: TPM2_Create every time.
    TpmKeyStore direct(worker, stateDir.filePath(u"direct"_s), 0);
    Figures noPool;
    ok = measure(n, noPool, [&] {
        const Result<KeyInfo> key = direct.createKey({ {}, pin });
        return key ? true : fail(u"create key"_s, key.error());
    });
    if (!ok)
        return 1;
    print(u"RSA-2048 PIN key, no pool (TPM2_Create)"_s, noPool);

    // With the pool: filled in the background beforehand, then TPM2_ObjectChangeAuth only.
    TpmKeyStore pooled(worker, stateDir.filePath(u"pooled"_s), n);
    Figures fill;
    ok = measure(1, fill, [&] {
        QFuture<Result<int>> filled = pooled.pool().fill();
        filled.waitForFinished();
        return filled.result() ? true : fail(u"fill pool"_s, filled.result().error());
    });
    if (!ok)
        return 1;
    print(u"pool fill, %1 keys in the background"_s.arg(n), fill);
    Figures fromPool;
    for (int i = 0; i < n && ok; ++i) {
        ok = measure(1, fromPool, [&] {
            const Result<KeyInfo> key = pooled.createKey({ {}, pin });
            return key ? true : fail(u"create key from pool"_s, key.error());
        });
        // Let the background refill finish so the next figure is again "pool ready".
        pooled.pool().fill().waitForFinished();
    }
    if (!ok)
        return 1;
    print(u"RSA-2048 PIN key, from the pool"_s, fromPool);

    // For reference: a signature with a PIN key, and software key generation.
    const QString keyId = direct.keyIds().value(0);
    Figures sign;
    ok = measure(2 * n, sign, [&] {
        const Result<QByteArray> signature = direct.signSha256(keyId, "challenge", pin);
        return signature ? true : fail(u"sign"_s, signature.error());
    });
    if (!ok)
        return 1;
    print(u"RSASSA-SHA256 sign with a PIN key"_s, sign);

    SoftwareKeyStore software(stateDir.filePath(u"software"_s));
    Figures softwareCreate;
    ok = measure(n, softwareCreate, [&] {
        const Result<KeyInfo> key = software.createKey({});
        return key ? true : fail(u"software key"_s, key.error());
    });
    if (!ok)
        return 1;
    print(u"RSA-2048 key in software (OpenSSL), reference"_s, softwareCreate);

    out << u"pool speed-up for PIN set-up: %1x (median)"_s.arg(
        noPool.median() / qMax(0.001, fromPool.median()), 0, 'f', 1)
        << Qt::endl;
    return 0;
}
