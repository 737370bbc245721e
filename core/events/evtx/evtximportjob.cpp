#include "evtximportjob.h"

#include "events/eventfilereader.h"

#include <QPointer>
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
{
    connect(this, &EvtxImportJob::outboxFilled, this, &EvtxImportJob::drainOutbox,
            Qt::QueuedConnection);
}

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

// On the pool thread. Results go to the job's thread through the outbox; a drain queued for a
// job that was deleted is dropped by Qt, and the destructor waits for this function to return.
void EvtxImportJob::run()
{
    QList<EventRecord> pending;
    QList<EvtxIssue> pendingIssues;
    QElapsedTimer sincePost;
    sincePost.start();
    bool first = true;

    auto post = [this, &pending, &pendingIssues, &sincePost] {
        if (!pending.isEmpty() || !pendingIssues.isEmpty()) {
            send([&](Outbox &outbox) {
                outbox.records.append(std::move(pending));
                outbox.issues.append(std::move(pendingIssues));
            });
            pending = {};
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
        send([&](Outbox &outbox) { outbox.progress = progress; });
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
        send([&](Outbox &outbox) { outbox.summary = s; });
    } else {
        send([&](Outbox &outbox) { outbox.error = summary.error(); });
    }
}

template<typename Fill> void EvtxImportJob::send(Fill fill)
{
    bool wake = false;
    {
        const std::lock_guard lock(m_outboxMutex);
        fill(m_outbox);
        wake = !std::exchange(m_outbox.drainQueued, true);
    }
    if (wake)
        emit outboxFilled(QPrivateSignal());
}

void EvtxImportJob::drainOutbox()
{
    Outbox outbox;
    {
        const std::lock_guard lock(m_outboxMutex);
        outbox = std::exchange(m_outbox, Outbox());
    }
    // A receiver may delete the job from any of these signals.
    const QPointer<EvtxImportJob> alive(this);
    if (!outbox.records.isEmpty())
        emit recordsReady(outbox.records);
    if (alive && !outbox.issues.isEmpty())
        emit issuesFound(outbox.issues);
    if (alive && outbox.progress)
        emit progressChanged(*outbox.progress);
    if (!alive)
        return;
    if (outbox.summary) {
        m_running = false;
        emit finished(*outbox.summary);
    } else if (outbox.error) {
        m_running = false;
        emit failed(*outbox.error);
    }
}

} // namespace Entra::Events
