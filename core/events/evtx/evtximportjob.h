#pragma once

#include "events/evtx/evtxreader.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QObject>

#include <atomic>
#include <mutex>
#include <optional>

namespace Entra::Events {

// Reads one event file (.evtx, or the app's operation log: see readEventFile()) in a
// QtConcurrent task and hands the records to the thread that owns the
// job (the GUI thread), in file order, in batches: the first batch as soon as the first chunk is
// decoded, then every ~50 ms or 4096 records, so a view can show rows at once and the GUI never
// waits for the file. Cancellable; deleting the job cancels it and waits for the task to end.
class EvtxImportJob : public QObject
{
    Q_OBJECT

public:
    explicit EvtxImportJob(QString path, EvtxReadOptions options = {}, QObject *parent = nullptr);
    ~EvtxImportJob() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    const QString &path() const { return m_path; }

signals:
    void recordsReady(const QList<Entra::Events::EventRecord> &records);
    void issuesFound(const QList<Entra::Events::EvtxIssue> &issues);
    void progressChanged(const Entra::Events::EvtxProgress &progress);
    // Exactly one of these ends every started job.
    void finished(const Entra::Events::EvtxSummary &summary); // summary.cancelled if cancelled
    void failed(const Entra::Error &error);

    // run() filled the outbox; queued to the job's thread, which drains it.
    void outboxFilled(QPrivateSignal);

private:
    // What the task has for the job's thread and not yet delivered.
    struct Outbox
    {
        QList<EventRecord> records;
        QList<EvtxIssue> issues;
        std::optional<EvtxProgress> progress;
        std::optional<EvtxSummary> summary;
        std::optional<Error> error;
        bool drainQueued = false;
    };

    void run();
    // On the task's thread: adds to the outbox and wakes the job's thread once per fill.
    template<typename Fill> void send(Fill fill);
    // On the job's thread: emits what the outbox holds, in file order, the end last.
    void drainOutbox();

    QString m_path;
    EvtxReadOptions m_options;
    std::atomic<bool> m_cancel { false };
    bool m_running = false;
    QFuture<void> m_future;
    // A std::mutex, not a QMutex: ThreadSanitizer sees the hand-off through pthread's mutex,
    // while Qt's is inside the uninstrumented libQt6Core.
    std::mutex m_outboxMutex;
    Outbox m_outbox;
};

} // namespace Entra::Events
