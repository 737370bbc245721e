#pragma once

#include "events/evtx/evtxreader.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QObject>

#include <atomic>

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

private:
    void run();

    QString m_path;
    EvtxReadOptions m_options;
    std::atomic<bool> m_cancel { false };
    bool m_running = false;
    QFuture<void> m_future;
};

} // namespace Entra::Events
