#include "eventimportqueue.h"

#include "eventlogmodel.h"
#include "events/evtx/evtximportjob.h"

#include <QFileInfo>

using namespace Qt::Literals::StringLiterals;
using namespace Entra::Events;

namespace Entra::Models {

namespace {

constexpr qsizetype keptProblems = 200;

QString canonical(const QString &path)
{
    const QString c = QFileInfo(path).canonicalFilePath();
    return c.isEmpty() ? QFileInfo(path).absoluteFilePath() : c;
}

} // namespace

QString EventImportReport::summary() const
{
    const QString name = QFileInfo(path).fileName();
    if (error)
        return u"%1: %2"_s.arg(name, error->message);
    if (alreadyImported)
        return u"%1: already imported"_s.arg(name);
    QString text = u"%1: %2 event%3"_s.arg(name).arg(records).arg(records == 1 ? u""_s : u"s"_s);
    if (recordsSkipped > 0)
        text += u", %1 damaged record%2 skipped"_s.arg(recordsSkipped)
                    .arg(recordsSkipped == 1 ? u""_s : u"s"_s);
    else if (!problems.isEmpty())
        text += u", %1 problem%2 found"_s.arg(problems.size() + problemsDropped)
                    .arg(problems.size() + problemsDropped == 1 ? u""_s : u"s"_s);
    if (cancelled)
        text += u" (cancelled)"_s;
    return text;
}

EventImportQueue::EventImportQueue(EventLogModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
{ }

EventImportQueue::~EventImportQueue()
{
    delete m_job; // cancels and waits for its task
}

void EventImportQueue::import(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    if (!isBusy()) {
        m_batchTotal = 0;
        m_batchDone = 0;
    }
    m_queue.append(paths);
    m_batchTotal += int(paths.size());
    if (!isBusy())
        startNext();
}

void EventImportQueue::cancel()
{
    m_queue.clear();
    if (m_job)
        m_job->cancel();
}

void EventImportQueue::forgetImported()
{
    m_imported.clear();
}

void EventImportQueue::startNext()
{
    while (!m_queue.isEmpty()) {
        const QString path = m_queue.takeFirst();
        const QString key = canonical(path);
        if (m_imported.contains(key)) {
            EventImportReport report;
            report.path = path;
            report.alreadyImported = true;
            ++m_batchDone;
            m_reports.append(report);
            Q_EMIT fileFinished(report);
            continue;
        }
        m_current = {};
        m_current.path = path;
        m_source = m_model->addSource(path);
        m_job = new EvtxImportJob(path, {}, this);
        const int source = m_source;
        connect(m_job, &EvtxImportJob::recordsReady, this,
                [this, source](const QList<EventRecord> &records) {
                    m_model->appendRecords(source, records);
                    m_current.records += records.size();
                });
        connect(m_job, &EvtxImportJob::issuesFound, this, [this](const QList<EvtxIssue> &issues) {
            for (const EvtxIssue &issue : issues) {
                if (issue.severity == EvtxIssue::Severity::Info)
                    continue;
                if (m_current.problems.size() < keptProblems)
                    m_current.problems.append(issue);
                else
                    ++m_current.problemsDropped;
            }
        });
        connect(m_job, &EvtxImportJob::progressChanged, this, [this](const EvtxProgress &progress) {
            const int percent
                = progress.bytesTotal > 0 ? int(progress.bytesDone * 100 / progress.bytesTotal) : 0;
            Q_EMIT progressChanged(
                percent,
                u"Reading %1 (%2 of %3)…"_s.arg(QFileInfo(m_current.path).fileName())
                    .arg(m_batchDone + 1)
                    .arg(m_batchTotal));
        });
        connect(m_job, &EvtxImportJob::finished, this, [this, key](const EvtxSummary &summary) {
            m_current.recordsSkipped = summary.recordsSkipped;
            m_current.cancelled = summary.cancelled;
            if (summary.issuesDropped > 0)
                m_current.problemsDropped += summary.issuesDropped;
            if (!summary.cancelled)
                m_imported.append(key);
            finishFile(m_current);
        });
        connect(m_job, &EvtxImportJob::failed, this, [this](const Error &error) {
            m_current.error = error;
            finishFile(m_current);
        });
        if (!m_busy) {
            m_busy = true;
            Q_EMIT busyChanged(true);
        }
        Q_EMIT progressChanged(0,
                               u"Reading %1 (%2 of %3)…"_s.arg(QFileInfo(path).fileName())
                                   .arg(m_batchDone + 1)
                                   .arg(m_batchTotal));
        m_job->start();
        return;
    }
    if (m_busy) {
        m_busy = false;
        Q_EMIT busyChanged(false);
    }
    Q_EMIT allFinished();
}

void EventImportQueue::finishFile(EventImportReport report)
{
    // The job's last signal: it can go (later, we are inside its signal).
    m_job->deleteLater();
    m_job = nullptr;
    ++m_batchDone;
    m_reports.append(report);
    Q_EMIT fileFinished(report);
    startNext();
}

} // namespace Entra::Models
