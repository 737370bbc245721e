#pragma once

#include "common/error.h"
#include "events/evtx/evtximportjob.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

namespace Entra::Models {

class EventLogModel;

// How the import of one file ended.
struct EventImportReport
{
    QString path;
    qint64 records = 0;
    qint64 recordsSkipped = 0;
    QList<Events::EvtxIssue> problems; // issues that lost or may have damaged data
    qint64 problemsDropped = 0;
    bool cancelled = false;
    bool alreadyImported = false;
    std::optional<Error> error; // the file could not be read at all

    // One line for people: "sysmon.evtx: 358 events", "x.evtx: 267 events, 3 damaged records
    // skipped", "notes.txt: <why it is not an event log>".
    QString summary() const;
    bool isProblem() const
    {
        return error.has_value() || recordsSkipped > 0 || !problems.isEmpty();
    }
};

// Imports event files one after another into an EventLogModel with EvtxImportJob (so the GUI
// thread never reads a file), reports progress, and can be cancelled. A file already imported
// into the model is not read twice.
class EventImportQueue : public QObject
{
    Q_OBJECT

public:
    explicit EventImportQueue(EventLogModel *model, QObject *parent = nullptr);
    ~EventImportQueue() override;

    void import(const QStringList &paths);
    void cancel(); // the running file and everything queued
    void forgetImported(); // after the model was cleared
    bool isBusy() const { return m_job != nullptr; }
    QStringList importedFiles() const { return m_imported; } // canonical paths, in order
    const QList<EventImportReport> &reports() const { return m_reports; }

Q_SIGNALS:
    // 0..100 for the running file; text: "Reading sysmon.evtx (2 of 3)…"
    void progressChanged(int percent, const QString &text);
    void fileFinished(const Entra::Models::EventImportReport &report);
    void busyChanged(bool busy);
    void allFinished();

private:
    void startNext();
    void finishFile(EventImportReport report);

    EventLogModel *m_model;
    QStringList m_queue;
    QStringList m_imported; // canonical paths
    QPointer<Events::EvtxImportJob> m_job;
    EventImportReport m_current;
    int m_source = -1;
    bool m_busy = false;
    int m_batchTotal = 0; // files in this run of the queue, for "2 of 3"
    int m_batchDone = 0;
    QList<EventImportReport> m_reports;
};

} // namespace Entra::Models
