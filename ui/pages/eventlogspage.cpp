#include "eventlogspage.h"

#include "eventfilterproxymodel.h"
#include "eventimportqueue.h"
#include "eventlogmodel.h"
#include "events/eventknowledge.h"
#include "knowledge/knowledgebase.h"
#include "oplog/operationlog.h"
#include "store/registrationstore.h"
#include "widgets/eventdetailsview.h"
#include "widgets/eventfilterbar.h"
#include "widgets/eventtimeline.h"

#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
using namespace Entra::Events;
using Entra::Models::EventFilterProxyModel;
using Entra::Models::EventImportQueue;
using Entra::Models::EventImportReport;
using Entra::Models::EventLogModel;

namespace Entra::Ui {

namespace {

constexpr int timelineDelayMs = 200; // coalesce batches and keystrokes

QStringList localFiles(const QMimeData *mime)
{
    QStringList paths;
    if (!mime->hasUrls())
        return paths;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    return paths;
}

} // namespace

EventLogsPage::EventLogsPage(QWidget *parent)
    : StatusPage(parent)
    , m_model(new EventLogModel(EventKnowledge::builtIn(), this))
    , m_proxy(new EventFilterProxyModel(this))
    , m_queue(new EventImportQueue(m_model, this))
    , m_filterBar(new EventFilterBar(this))
    , m_timeline(new EventTimeline(this))
    , m_view(new QTableView(this))
    , m_details(new EventDetailsView(EventKnowledge::builtIn(), KnowledgeBase::builtIn(), this))
    , m_importButton(new QPushButton(u"Import…"_s, this))
    , m_clearButton(new QPushButton(u"Clear"_s, this))
    , m_cancelButton(new QPushButton(u"Cancel"_s, this))
    , m_progress(new QProgressBar(this))
    , m_importStatus(new QLabel(this))
    , m_count(new QLabel(this))
    , m_aroundNote(new QLabel(this))
    , m_emptyNote(new QLabel(this))
    , m_timelineTimer(new QTimer(this))
{
    setAcceptDrops(true);
    m_proxy->setEventModel(m_model);

    auto *heading = new QLabel(u"Event logs"_s, this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    heading->setFont(headingFont);
    heading->setToolTip(u"Events from exported Windows event logs (.evtx: User Device "
                        u"Registration, AAD, HelloForBusiness, System…) and from Entra Doctor's "
                        u"own operation log, explained."_s);

    m_importButton->setObjectName(u"importEventsButton"_s);
    m_importButton->setToolTip(u"Import .evtx files or an operations.jsonl (you can also drop "
                               u"files on this page)"_s);
    m_clearButton->setObjectName(u"clearEventsButton"_s);
    m_clearButton->setToolTip(u"Remove every imported event from the page"_s);
    m_cancelButton->setObjectName(u"cancelImportButton"_s);
    m_cancelButton->hide();
    m_progress->setObjectName(u"importProgress"_s);
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(220);
    m_progress->hide();
    m_importStatus->setObjectName(u"importStatus"_s);
    m_importStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Long reports must not widen the window: the label is cut, the tooltip has it all.
    m_importStatus->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_importStatus->setMinimumWidth(0);
    m_count->setObjectName(u"eventCount"_s);
    m_aroundNote->setObjectName(u"aroundNote"_s);
    m_aroundNote->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_aroundNote->hide();
    m_emptyNote->setObjectName(u"eventsEmptyNote"_s);
    m_emptyNote->setWordWrap(true);
    m_timeline->setObjectName(u"eventTimeline"_s);
    m_details->setObjectName(u"eventDetails"_s);
    m_filterBar->setObjectName(u"eventFilterBar"_s);

    m_view->setObjectName(u"eventTable"_s);
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(EventLogModel::MessageColumn, QHeaderView::Stretch);
    m_view->setColumnWidth(EventLogModel::TimeColumn, 165);
    m_view->setColumnWidth(EventLogModel::LevelColumn, 100);
    m_view->setColumnWidth(EventLogModel::IdColumn, 70);
    m_view->setColumnWidth(EventLogModel::ProviderColumn, 180);
    m_view->setColumnWidth(EventLogModel::ChannelColumn, 200);
    m_view->setColumnWidth(EventLogModel::SourceColumn, 160);
    // The message needs the room; channel and file are in the details (and the header's menu).
    m_view->setColumnHidden(EventLogModel::ChannelColumn, true);
    m_view->setColumnHidden(EventLogModel::SourceColumn, true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QWidget::customContextMenuRequested, this, [this](const QPoint &position) {
        QMenu menu(this);
        for (int column = 0; column < EventLogModel::ColumnCount; ++column) {
            QAction *action = menu.addAction(
                m_model->headerData(column, Qt::Horizontal).toString(), this,
                [this, column](bool checked) { m_view->setColumnHidden(column, !checked); });
            action->setCheckable(true);
            action->setChecked(!m_view->isColumnHidden(column));
            action->setEnabled(column != EventLogModel::MessageColumn);
        }
        menu.exec(m_view->horizontalHeader()->mapToGlobal(position));
    });
    // File order until a header is clicked: sorting needs every row fetched.
    header->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);

    m_timelineTimer->setSingleShot(true);
    m_timelineTimer->setInterval(timelineDelayMs);

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(heading);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_importButton);
    toolbar->addWidget(m_clearButton);
    toolbar->addWidget(m_progress);
    toolbar->addWidget(m_cancelButton);
    toolbar->addWidget(m_importStatus, 1);

    auto *countRow = new QHBoxLayout;
    countRow->addWidget(m_count);
    countRow->addWidget(m_aroundNote, 1);

    auto *tableArea = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tableArea);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_emptyNote);
    tableLayout->addWidget(m_view, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(tableArea);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_timeline);
    layout->addLayout(countRow);
    layout->addWidget(splitter, 1);

    connect(m_importButton, &QPushButton::clicked, this, &EventLogsPage::chooseFiles);
    connect(m_clearButton, &QPushButton::clicked, this, &EventLogsPage::clearEvents);
    connect(m_cancelButton, &QPushButton::clicked, m_queue, &EventImportQueue::cancel);
    connect(m_queue, &EventImportQueue::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancelButton->setVisible(busy);
        if (busy)
            m_progress->setValue(0);
    });
    connect(m_queue, &EventImportQueue::progressChanged, this,
            [this](int percent, const QString &text) {
                m_progress->setValue(percent);
                m_progress->setFormat(u"%p%"_s);
                m_importStatus->setText(text);
            });
    connect(m_queue, &EventImportQueue::fileFinished, this, &EventLogsPage::addReport);
    connect(m_queue, &EventImportQueue::allFinished, this, [this] {
        refreshTimeline();
        Q_EMIT importsFinished();
    });
    connect(m_model, &EventLogModel::channelsChanged, this,
            [this] { m_filterBar->setChannels(m_model->channels()); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &EventLogsPage::scheduleTimeline);
    connect(m_model, &EventLogModel::moreAvailable, this, &EventLogsPage::scheduleTimeline);
    connect(m_filterBar, &EventFilterBar::filterChanged, this, &EventLogsPage::applyFilter);
    connect(m_timeline, &EventTimeline::rangeSelected, this,
            [this](const QDateTime &start, const QDateTime &end) {
                m_aroundNote->hide();
                // The bucket end is exclusive; the filter's "until" is inclusive.
                m_filterBar->setTimeRange(start, end.addMSecs(-1));
            });
    connect(m_timelineTimer, &QTimer::timeout, this, &EventLogsPage::refreshTimeline);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { showCurrent(current); });
    updateEmptyNote();
    refreshTimeline();
}

void EventLogsPage::setStateDirectory(const QString &directory)
{
    m_stateDirectory = directory;
    if (isVisible() && !m_operationLogLoaded)
        loadOperationLog();
}

void EventLogsPage::showEvent(QShowEvent *event)
{
    StatusPage::showEvent(event);
    if (!m_operationLogLoaded)
        loadOperationLog();
}

void EventLogsPage::loadOperationLog()
{
    m_operationLogLoaded = true;
    const QString dir = m_stateDirectory.isEmpty() ? RegistrationStore::defaultStateDirectory()
                                                   : m_stateDirectory;
    const QStringList files = OpLog::OperationLog(dir).existingFiles();
    if (!files.isEmpty())
        importFiles(files);
}

void EventLogsPage::importFiles(const QStringList &paths)
{
    m_queue->import(paths);
}

void EventLogsPage::showOnly(const QStringList &paths)
{
    clearEvents();
    m_operationLogLoaded = true; // this machine's log is not part of someone else's state
    importFiles(paths);
}

void EventLogsPage::showThisDevice()
{
    clearEvents();
    m_operationLogLoaded = false;
    if (isVisible())
        loadOperationLog();
}

void EventLogsPage::chooseFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, u"Import event logs"_s, {},
        u"Event logs (*.evtx *.jsonl);;Windows event logs (*.evtx);;Entra Doctor operation log "
        u"(*.jsonl);;All files (*)"_s);
    importFiles(paths);
}

void EventLogsPage::clearEvents()
{
    m_queue->cancel();
    m_model->clear();
    m_queue->forgetImported();
    m_reports.clear();
    m_problemLines.clear();
    m_importStatus->clear();
    m_importStatus->setToolTip({});
    m_details->showNothing();
    updateEmptyNote();
    refreshTimeline();
}

void EventLogsPage::showAround(const QDateTime &time, int minutes, const QString &what)
{
    const QDateTime utc = time.toUTC();
    m_filterBar->clear();
    m_filterBar->setTimeRange(utc.addSecs(-60 * minutes), utc.addSecs(60 * minutes));
    m_aroundNote->setText(u"Events within ±%1 minutes of %2 (%3 UTC)"_s.arg(minutes).arg(
        what.isEmpty() ? u"the chosen time"_s : what, utc.toString(u"yyyy-MM-dd HH:mm:ss"_s)));
    m_aroundNote->show();
    updateEmptyNote();
}

void EventLogsPage::applyFilter(const EventFilter &filter)
{
    if (!filter.since().isValid() && !filter.until().isValid())
        m_aroundNote->hide();
    m_proxy->setFilter(filter);
    m_timeline->setSelection(filter.since(), filter.until());
    refreshTimeline();
}

void EventLogsPage::scheduleTimeline()
{
    updateEmptyNote();
    if (!m_timelineTimer->isActive())
        m_timelineTimer->start();
}

void EventLogsPage::refreshTimeline()
{
    m_timelineTimer->stop();
    // One pass: the timeline shows the filter without its time range (so the range can be seen
    // in context); the count is of the full filter.
    const EventFilter &filter = m_proxy->filter();
    qint64 matching = 0;
    const EventHistogram histogram
        = EventHistogram::build(m_model->records(), [&](const EventRecord &r, qsizetype index) {
              if (!m_proxy->acceptsRecord(index, true))
                  return false;
              if ((!filter.since().isValid() || r.timeCreated >= filter.since())
                  && (!filter.until().isValid() || r.timeCreated <= filter.until()))
                  ++matching;
              return true;
          });
    m_timeline->setHistogram(histogram);
    const qsizetype total = m_model->totalCount();
    m_count->setText(filter.isEmpty() ? u"%1 event%2"_s.arg(total).arg(total == 1 ? u""_s : u"s"_s)
                                      : u"Showing %1 of %2 events"_s.arg(matching).arg(total));
}

QString EventLogsPage::countText() const
{
    return m_count->text();
}

QString EventLogsPage::importStatusText() const
{
    return m_importStatus->text();
}

void EventLogsPage::showCurrent(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid()) {
        m_details->showNothing();
        return;
    }
    const int row = m_proxy->mapToSource(proxyIndex).row();
    m_details->showRecord(m_model->record(row), m_model->sourceLabel(row));
}

void EventLogsPage::addReport(const EventImportReport &report)
{
    m_reports.append(report);
    const QString name = QFileInfo(report.path).fileName();
    for (const EvtxIssue &issue : report.problems)
        m_problemLines.append(u"%1: %2"_s.arg(name, issue.toString()));
    if (report.problemsDropped > 0)
        m_problemLines.append(u"%1: … and %2 more"_s.arg(name).arg(report.problemsDropped));

    // The label sums up; the tooltip has every file and what was skipped.
    qint64 events = 0;
    qint64 skipped = 0;
    int unreadable = 0;
    QStringList lines;
    for (const EventImportReport &r : std::as_const(m_reports)) {
        events += r.records;
        skipped += r.recordsSkipped;
        unreadable += r.error.has_value();
        lines.append(r.summary());
    }
    QString text;
    if (m_reports.size() == 1) {
        text = report.summary();
    } else {
        text = u"%1 files: %2 events"_s.arg(m_reports.size()).arg(events);
        if (skipped > 0)
            text += u", %1 damaged record%2 skipped"_s.arg(skipped).arg(skipped == 1 ? u""_s
                                                                                     : u"s"_s);
        if (unreadable > 0)
            text += u", %1 not readable"_s.arg(unreadable);
        if (report.isProblem() || report.cancelled)
            text += u" · "_s + report.summary();
    }
    m_importStatus->setText(text);
    const bool problem = skipped > 0 || unreadable > 0;
    m_importStatus->setStyleSheet(problem ? u"color: #b3261e;"_s : QString());
    QString tip = lines.join(u'\n');
    if (!m_problemLines.isEmpty())
        tip += u"\n\nWhat was skipped or may be damaged:\n"_s
            + m_problemLines.mid(0, 50).join(u'\n');
    m_importStatus->setToolTip(tip);
    updateEmptyNote();
}

void EventLogsPage::updateEmptyNote()
{
    const bool empty = m_model->totalCount() == 0;
    if (empty) {
        QString text = u"No events yet. Import .evtx files exported from Event Viewer (User "
                       u"Device Registration/Admin, AAD/Operational, HelloForBusiness, System) "
                       u"or an Entra Doctor operations.jsonl: use Import…, File › Import Event "
                       u"Logs…, or drop the files on this page."_s;
        m_emptyNote->setText(text);
    }
    m_emptyNote->setVisible(empty);
}

void EventLogsPage::dragEnterEvent(QDragEnterEvent *event)
{
    if (!localFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void EventLogsPage::dropEvent(QDropEvent *event)
{
    const QStringList paths = localFiles(event->mimeData());
    if (paths.isEmpty())
        return;
    importFiles(paths);
    event->acceptProposedAction();
}

} // namespace Entra::Ui
