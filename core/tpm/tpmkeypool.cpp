#include "tpmkeypool.h"

#include "keystore.h"
#include "securefile.h"
#include "tpmkeyfile.h"
#include "tpmkeyops.h"
#include "tpmworker.h"

#include <QDir>
#include <QFile>
#include <QMutex>
#include <QMutexLocker>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

struct TpmKeyPool::State
{
    QString directory;
    int targetSize = 0;
    QMutex mutex;
    int inFlight = 0; // keys being generated

    QStringList files() const
    {
        return QDir(directory).entryList({ u"*.tpmkey"_s }, QDir::Files, QDir::Name);
    }
    int available() const { return int(files().size()); }

    Status add(const TpmKeyBlob &blob)
    {
        TpmKeyRecord record;
        record.keyId = KeyStore::newKeyId();
        record.blob = blob;
        record.created = QDateTime::currentDateTimeUtc();
        return TpmKeyFile::save(directory + u'/' + record.keyId + u".tpmkey"_s, record);
    }
};

TpmKeyPool::TpmKeyPool(std::shared_ptr<TpmWorker> worker, QString directory, int targetSize)
    : m_worker(std::move(worker))
    , m_state(std::make_shared<State>())
{
    m_state->directory = std::move(directory);
    m_state->targetSize = qMax(0, targetSize);
}

TpmKeyPool::~TpmKeyPool() = default;

QString TpmKeyPool::directory() const
{
    return m_state->directory;
}

int TpmKeyPool::targetSize() const
{
    return m_state->targetSize;
}

int TpmKeyPool::available() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->available();
}

QFuture<Result<int>> TpmKeyPool::fill()
{
    const std::shared_ptr<State> state = m_state;
    int missing = 0;
    {
        QMutexLocker lock(&state->mutex);
        missing = state->targetSize - state->available() - state->inFlight;
        state->inFlight += qMax(0, missing);
    }
    if (missing > 0) {
        if (Status status = SecureFile::ensurePrivateDirectory(state->directory); !status)
            qCWarning(lcTpm) << "key pool:" << status.error().message;
    }

    auto firstError = std::make_shared<std::optional<Error>>();
    for (int i = 0; i < missing; ++i) {
        m_worker->post<Result<int>>(
            [state, firstError](TpmConnection &connection) -> Result<int> {
                Result<TpmKeyBlob> blob = [&]() -> Result<TpmKeyBlob> {
                    const Result<TpmSession *> session = connection.session();
                    if (!session)
                        return session.error();
                    return TpmKeyOps::create(**session, {}, true);
                }();
                QMutexLocker lock(&state->mutex);
                --state->inFlight;
                Status saved = blob ? state->add(*blob) : Status(blob.error());
                if (!saved) {
                    qCDebug(lcTpm) << "key pool: could not add a key:" << saved.error().detail;
                    if (!*firstError)
                        *firstError = saved.error();
                    return saved.error();
                }
                return state->available();
            },
            TpmWorker::Priority::Background);
    }
    // Background tasks run in order, so this one reports after the batch above.
    return m_worker->post<Result<int>>(
        [state, firstError](TpmConnection &) -> Result<int> {
            QMutexLocker lock(&state->mutex);
            if (*firstError)
                return **firstError;
            return state->available();
        },
        TpmWorker::Priority::Background);
}

std::optional<TpmKeyBlob> TpmKeyPool::take()
{
    QMutexLocker lock(&m_state->mutex);
    const QStringList files = m_state->files();
    for (const QString &file : files) {
        const QString path = m_state->directory + u'/' + file;
        const Result<TpmKeyRecord> record = TpmKeyFile::load(path);
        QFile::remove(path);
        if (record)
            return record->blob;
        qCWarning(lcTpm) << "key pool: dropped a damaged entry" << path;
    }
    return std::nullopt;
}

void TpmKeyPool::giveBack(const TpmKeyBlob &blob)
{
    QMutexLocker lock(&m_state->mutex);
    if (Status status = m_state->add(blob); !status)
        qCWarning(lcTpm) << "key pool: could not return a key:" << status.error().message;
}

} // namespace Entra
