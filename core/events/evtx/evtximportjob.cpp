#include "evtximportjob.h"

#include "events/eventfilereader.h"

#include <QtConcurrent>

namespace Entra::Events {

namespace {
constexpr qint64 batchIntervalMs = 50;
constexpr qsizetype batchRecords = 4096;
} // namespace

EvtxImportJob::EvtxImportJob(QString path, EvtxReadOptions options, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_options(std::move(options))
{ }

EvtxImportJob::~EvtxImportJob()
{
    m_cancel = true;
    m_future.waitForFinished();
}

void EvtxImportJob::start()
{
    if (m_running)
        return;
    m_running = true;
    m_cancel = false;
    m_future = QtConcurrent::run([this] { run(); });
}

void EvtxImportJob::cancel()
{
    m_cancel = true;
}

// On the pool thread. Results go to the job's thread as queued calls; a call that arrives after
// the job was deleted is dropped by Qt, and the destructor waits for this function to return.
void EvtxImportJob::run()
{
    QList<EventRecord> pending;
    QList<EvtxIssue> pendingIssues;
    QElapsedTimer sincePost;
    sincePost.start();
    bool first = true;

    auto post = [this, &pending, &pendingIssues, &sincePost] {
        if (!pending.isEmpty()) {
            QMetaObject::invokeMethod(
                this, [this, records = std::move(pending)] { emit recordsReady(records); },
                Qt::QueuedConnection);
            pending = {};
        }
        if (!pendingIssues.isEmpty()) {
            QMetaObject::invokeMethod(
                this, [this, issues = std::move(pendingIssues)] { emit issuesFound(issues); },
                Qt::QueuedConnection);
            pendingIssues = {};
        }
        sincePost.restart();
    };

    EvtxReadOptions options = m_options;
    options.cancel = &m_cancel;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    options.progress = [this, &sinceProgress](const EvtxProgress &progress) {
        if (sinceProgress.elapsed() < batchIntervalMs && progress.chunksDone < progress.chunksTotal)
            return;
        sinceProgress.restart();
        QMetaObject::invokeMethod(
            this, [this, progress] { emit progressChanged(progress); }, Qt::QueuedConnection);
    };

    const auto summary = readEventFile(
        m_path,
        [&](EvtxBatch &&batch) {
            pending.append(std::move(batch.records));
            pendingIssues.append(std::move(batch.issues));
            if (first || pending.size() >= batchRecords || sincePost.elapsed() >= batchIntervalMs) {
                first = pending.isEmpty();
                post();
            }
            return !m_cancel.load();
        },
        options);
    post();
    if (summary) {
        EvtxSummary s = *summary;
        s.cancelled = s.cancelled || m_cancel.load();
        QMetaObject::invokeMethod(
            this,
            [this, s] {
                m_running = false;
                emit finished(s);
            },
            Qt::QueuedConnection);
    } else {
        const Error error = summary.error();
        QMetaObject::invokeMethod(
            this,
            [this, error] {
                m_running = false;
                emit failed(error);
            },
            Qt::QueuedConnection);
    }
}

} // namespace Entra::Events
