#include "mainwindow.h"

#include "bundle/bundlereexport.h"
#include "bundle/supportbundlereader.h"
#include "diagnostics/diagnosticsources.h"
#include "dsregcmd/statusloader.h"
#include "eventimportqueue.h"
#include "eventlogmodel.h"
#include "local/deviceenvironment.h"
#include "local/deviceservices.h"
#include "local/thisdevicebundle.h"
#include "ops/journalrecovery.h"
#include "ops/pinoperation.h"
#include "ops/prtoperation.h"
#include "pages/certificatespage.h"
#include "pages/diagnosticspage.h"
#include "pages/eventlogspage.h"
#include "pages/overviewpage.h"
#include "pages/statusfieldspage.h"
#include "pages/tpmpage.h"
#include "state/sectioncatalog.h"
#include "widgets/sourcebanner.h"
#include "wizards/exportbundledialog.h"
#include "wizards/joinwizard.h"
#include "wizards/leavewizard.h"
#include "wizards/pintestdialog.h"
#include "wizards/pinwizard.h"

#include <QClipboard>
#include <QCommandLineParser>
#include <QDir>
#include <QDragEnterEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QtConcurrentRun>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {
namespace {

bool isUserSection(QStringView title)
{
    return title.compare(u"User State", Qt::CaseInsensitive) == 0
        || title.compare(u"SSO State", Qt::CaseInsensitive) == 0
        || SectionCatalog::isWorkAccountTitle(title)
        || title.compare(SectionCatalog::kWamAccounts, Qt::CaseInsensitive) == 0;
}

bool isHelloSection(QStringView title)
{
    return title.compare(u"Ngc Prerequisite Check", Qt::CaseInsensitive) == 0;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_environment(std::make_shared<DeviceEnvironment>())
    , m_loader(new StatusLoader(this))
    , m_banner(new SourceBanner(this))
    , m_navigation(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
    , m_eventLogs(new EventLogsPage(this))
{
    setWindowTitle(u"Entra Doctor"_s);
    setAcceptDrops(true);
    resize(1180, 760);

    m_navigation->setObjectName(u"navigation"_s);
    m_navigation->setFixedWidth(190);
    m_pages->setObjectName(u"pages"_s);

    auto *overview = new OverviewPage(this);
    addPage(u"Overview"_s, overview);
    addPage(u"Device"_s,
            new StatusFieldsPage(
                u"Device"_s,
                u"Join state, the device certificate and key, the tenant, and the join "
                u"diagnostics dsregcmd printed."_s,
                [](QStringView t) { return !isUserSection(t) && !isHelloSection(t); }, this));
    auto *refreshPrtAction = new QAction(u"Refresh PRT"_s, this);
    refreshPrtAction->setObjectName(u"refreshPrtAction"_s);
    refreshPrtAction->setToolTip(u"Renew this device's Primary Refresh Token with its session "
                                 u"key"_s);
    connect(refreshPrtAction, &QAction::triggered, this, &MainWindow::refreshPrt);
    auto *setUpPinAction = new QAction(u"Set Up PIN…"_s, this);
    setUpPinAction->setObjectName(u"setUpPinAction"_s);
    connect(setUpPinAction, &QAction::triggered, this, &MainWindow::openPinWizard);
    auto *testPinAction = new QAction(u"Test PIN…"_s, this);
    testPinAction->setObjectName(u"testPinAction"_s);
    connect(testPinAction, &QAction::triggered, this, &MainWindow::openPinTest);
    auto *userPage = new StatusFieldsPage(
        u"User & SSO"_s,
        u"The signed-in user's state: Windows Hello key, work accounts, WAM and the Primary "
        u"Refresh Token that gives single sign-on."_s,
        isUserSection, this);
    userPage->addPageAction(refreshPrtAction);
    addPage(u"User & SSO"_s, userPage);
    auto *helloPage
        = new StatusFieldsPage(u"Windows Hello"_s,
                               u"Whether Windows Hello for Business (the PIN key) can be set up "
                               u"for this user, and which prerequisite blocks it."_s,
                               isHelloSection, this);
    helloPage->addPageAction(setUpPinAction);
    helloPage->addPageAction(testPinAction);
    addPage(u"Windows Hello"_s, helloPage);
    m_tpm = new TpmPage({}, this);
    auto *tpm = m_tpm;
    addPage(u"TPM"_s, tpm);
    m_certificates = new CertificatesPage(this);
    auto *certificates = m_certificates;
    addPage(u"Certificates"_s, certificates);
    addPage(u"Event logs"_s, m_eventLogs);
    for (auto *fieldsPage : findChildren<StatusFieldsPage *>()) {
        connect(fieldsPage, &StatusFieldsPage::showEventsAroundRequested, this,
                [this](const QDateTime &time, const QString &field) {
                    selectPage(u"Event logs"_s);
                    m_eventLogs->showAround(time, 5, field);
                });
    }
    auto *diagnostics = new DiagnosticsPage(this);
    diagnostics->setEnvironment(m_environment);
    addPage(u"Diagnostics"_s, diagnostics);
    // Diagnostics see what the other pages found; the Overview lists their top findings.
    connect(certificates, &CertificatesPage::certificateShown, diagnostics,
            &DiagnosticsPage::setCertificate);
    connect(tpm, &TpmPage::reportShown, diagnostics, [tpm, diagnostics] {
        if (tpm->report())
            diagnostics->setTpmReport(*tpm->report());
    });
    connect(m_eventLogs, &EventLogsPage::importsFinished, diagnostics, [this, diagnostics] {
        diagnostics->setEvents(m_eventLogs->model()->records());
    });
    connect(diagnostics, &DiagnosticsPage::reportShown, overview, &OverviewPage::showFindings);
    connect(diagnostics, &DiagnosticsPage::reportShown, this, &MainWindow::updateNavigationBadges);
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages,
            &QStackedWidget::setCurrentIndex);
    m_navigation->setCurrentRow(0);

    auto *content = new QWidget(this);
    auto *right = new QVBoxLayout;
    right->addWidget(m_banner);
    right->addWidget(m_pages, 1);
    auto *layout = new QHBoxLayout(content);
    layout->addWidget(m_navigation);
    layout->addLayout(right, 1);
    setCentralWidget(content);
    createMenus();

    m_loader->setEnvironment(m_environment);
    m_eventLogs->setStateDirectory(m_environment->stateDirectory());
    connect(m_loader, &StatusLoader::started, m_banner, &SourceBanner::showLoading);
    connect(m_loader, &StatusLoader::bundleLoaded, this, &MainWindow::showBundle);
    connect(m_loader, &StatusLoader::loaded, this, &MainWindow::showSnapshot);
    connect(m_loader, &StatusLoader::failed, this,
            [this](const Error &error, const QString &label) {
                m_banner->showError(error, label);
                Q_EMIT loadFailed(error.message);
            });
}

MainWindow::~MainWindow() = default;

void MainWindow::setEnvironment(std::shared_ptr<DeviceEnvironment> environment)
{
    m_environment = std::move(environment);
    m_loader->setEnvironment(m_environment);
    findChild<DiagnosticsPage *>()->setEnvironment(m_environment);
    m_eventLogs->setStateDirectory(m_environment->stateDirectory());
}

void MainWindow::addPage(const QString &name, StatusPage *page)
{
    page->setObjectName(name.toLower().replace(u' ', u'_').remove(u'&') + u"Page"_s);
    m_navigation->addItem(name);
    m_pages->addWidget(page);
    m_statusPages.append({ name, page });
}

void MainWindow::selectPage(const QString &name)
{
    for (qsizetype i = 0; i < m_statusPages.size(); ++i) {
        if (m_statusPages.at(i).first == name)
            m_navigation->setCurrentRow(int(i));
    }
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(u"&File"_s);
    file->addAction(u"&Open…"_s, QKeySequence::Open, this, &MainWindow::chooseFile);
    file->addAction(u"&Paste Status from Clipboard"_s, QKeySequence(u"Ctrl+Shift+V"_s), this,
                    &MainWindow::pasteFromClipboard);
    file->addAction(u"Show &This Device"_s, QKeySequence::Refresh, this,
                    &MainWindow::showThisDevice);
    file->addAction(u"Import &Event Logs…"_s, QKeySequence(u"Ctrl+E"_s), this, [this] {
        selectPage(u"Event logs"_s);
        m_eventLogs->chooseFiles();
    });
    file->addSeparator();
    file->addAction(u"E&xport Support Bundle…"_s, QKeySequence(u"Ctrl+Shift+S"_s), this,
                    &MainWindow::openExportDialog)
        ->setObjectName(u"exportBundleAction"_s);
    file->addSeparator();
    file->addAction(u"&Quit"_s, QKeySequence::Quit, this, &QWidget::close);

    QMenu *device = menuBar()->addMenu(u"&Device"_s);
    device->addAction(u"&Join or Register…"_s, this, &MainWindow::openJoinWizard)
        ->setObjectName(u"joinAction"_s);
    device->addAction(u"&Leave…"_s, this, &MainWindow::openLeaveWizard)
        ->setObjectName(u"leaveAction"_s);
    device->addSeparator();
    device->addAction(u"&Refresh PRT"_s, this, &MainWindow::refreshPrt)
        ->setObjectName(u"refreshPrtMenuAction"_s);
    device->addAction(u"Set Up Windows Hello &PIN…"_s, this, &MainWindow::openPinWizard)
        ->setObjectName(u"setUpPinMenuAction"_s);
    device->addAction(u"&Test Windows Hello PIN…"_s, this, &MainWindow::openPinTest)
        ->setObjectName(u"testPinMenuAction"_s);
    device->addAction(u"Re&move Windows Hello PIN"_s, this, &MainWindow::removePin)
        ->setObjectName(u"removePinMenuAction"_s);

    QMenu *help = menuBar()->addMenu(u"&Help"_s);
    help->addAction(u"&About Entra Doctor"_s, this, [this] {
        QMessageBox::about(
            this, u"About Entra Doctor"_s,
            u"<h3>Entra Doctor %1</h3><p>Troubleshoots Microsoft Entra ID device registration, "
            u"single sign-on (PRT) and Windows Hello for Business.</p><p>Open a "
            u"<tt>dsregcmd /status</tt> output (File › Open, paste, or drop it on the "
            u"window) to see what is wrong and how to fix it.</p>"_s.arg(
                QCoreApplication::applicationVersion()));
    });
}

void MainWindow::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, u"Open a device status"_s, {},
        u"Device status (*.txt *.log *.json *.zip);;dsregcmd output (*.txt *.log);;Status JSON "
        u"(*.json);;Entra Doctor support bundle (*.zip);;All files (*)"_s);
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::pasteFromClipboard()
{
    const QString text = QGuiApplication::clipboard()->text();
    if (text.trimmed().isEmpty()) {
        m_banner->showError(Error { ErrorDomain::Usage,
                                    0,
                                    u"The clipboard holds no text."_s,
                                    u"Copy the output of `dsregcmd /status` first."_s,
                                    {} },
                            u"the clipboard"_s);
        Q_EMIT loadFailed(u"The clipboard holds no text."_s);
        return;
    }
    openText(text, u"Clipboard"_s);
}

void MainWindow::openFile(const QString &path)
{
    m_loader->loadFile(path);
}

void MainWindow::openText(const QString &text, const QString &label)
{
    m_loader->loadBytes(text.toUtf8(), label);
}

void MainWindow::showThisDevice()
{
    m_loader->loadThisDevice();
}

ExportBundleDialog *MainWindow::openExportDialog()
{
    const StatusSnapshot snapshot = m_snapshot;
    // The event logs imported on the page; this device's operation log goes in by itself.
    const QString ownLogs
        = QFileInfo(QDir(m_environment->stateDirectory()).filePath(u"logs"_s)).canonicalFilePath();
    QStringList eventFiles;
    for (const QString &path : m_eventLogs->importQueue()->importedFiles()) {
        if (m_bundle || ownLogs.isEmpty() || !path.startsWith(ownLogs + u'/'))
            eventFiles << path;
    }
    auto withEvents
        = [](Bundle::SupportBundleContent content) -> Result<Bundle::SupportBundleContent> {
        if (!content.eventFiles.isEmpty()) {
            Result<QList<Events::EventRecord>> events
                = DiagnosticSources::readEvents(content.eventFiles);
            if (!events)
                return events.error();
            content.events = std::move(events).value();
        }
        return content;
    };

    QString contents;
    Bundle::BundleExportJob::Collect collect;
    if (m_bundle) {
        contents = u"what the support bundle you opened holds"_s;
        collect = [bundle = m_bundle, snapshot, eventFiles, withEvents] {
            Bundle::SupportBundleContent content = Bundle::BundleReexport::contentOf(*bundle);
            content.snapshot = snapshot;
            content.eventFiles = eventFiles;
            return withEvents(std::move(content));
        };
    } else if (snapshot.origin.kind == SourceKind::ThisDevice) {
        contents = eventFiles.isEmpty()
            ? u"this device's status, the findings, the TPM report, the device certificate, "
              u"connectivity to the service and the operation log"_s
            : u"this device's status, the findings, the TPM report, the device certificate, "
              u"connectivity to the service, the operation log and the %n imported event "
              u"log(s)"_s.replace(
                  u"%n"_s, QString::number(eventFiles.size()));
        collect = [environment = m_environment, snapshot, eventFiles, withEvents] {
            Bundle::SupportBundleContent content
                = ThisDeviceBundle::collect(*environment, snapshot, {});
            content.eventFiles = eventFiles;
            return withEvents(std::move(content));
        };
    } else {
        contents = u"the status from %1, its findings and the %2 imported event log(s)"_s
                       .arg(snapshot.origin.label)
                       .arg(eventFiles.size());
        collect = [snapshot, eventFiles, withEvents] {
            Bundle::SupportBundleContent content;
            content.snapshot = snapshot;
            content.eventFiles = eventFiles;
            return withEvents(std::move(content));
        };
    }
    auto *dialog = new ExportBundleDialog(contents, std::move(collect), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ExportBundleDialog::exported, this, [this](const QString &path) {
        m_banner->showNotice(
            u"Support bundle written to %1."_s.arg(QDir::toNativeSeparators(path)));
    });
    Q_EMIT wizardOpened(dialog);
    dialog->open();
    return dialog;
}

void MainWindow::recoverAndShowThisDevice()
{
    m_banner->showLoading(u"This device"_s);
    auto *watcher = new QFutureWatcher<Result<QString>>(this);
    connect(watcher, &QFutureWatcher<Result<QString>>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Result<QString> repaired = watcher->result();
        if (!repaired)
            m_banner->showNotice(u"An interrupted operation could not be repaired: "_s
                                 + repaired.error().message);
        else if (!repaired->isEmpty())
            m_banner->showNotice(*repaired);
        showThisDevice();
    });
    watcher->setFuture(QtConcurrent::run(
        [environment = m_environment] { return JournalRecovery::repair(*environment); }));
}

void MainWindow::openJoinWizard()
{
    auto *wizard = new JoinWizard(m_environment, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &JoinWizard::joined, this, &MainWindow::showThisDevice);
    Q_EMIT wizardOpened(wizard);
    wizard->open();
}

void MainWindow::openLeaveWizard()
{
    auto *wizard = new LeaveWizard(m_environment, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &LeaveWizard::left, this, &MainWindow::showThisDevice);
    Q_EMIT wizardOpened(wizard);
    wizard->open();
}

void MainWindow::openPinWizard()
{
    auto *wizard = new PinWizard(m_environment, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &PinWizard::pinSetUp, this, &MainWindow::showThisDevice);
    Q_EMIT wizardOpened(wizard);
    wizard->open();
}

void MainWindow::openPinTest()
{
    auto *dialog = new PinTestDialog(m_environment, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PinTestDialog::tested, this, &MainWindow::showThisDevice);
    Q_EMIT wizardOpened(dialog);
    dialog->open();
}

void MainWindow::reportDeviceOperation(bool succeeded, const QString &message)
{
    m_banner->showNotice(message);
    showThisDevice();
    Q_EMIT deviceOperationFinished(succeeded, message);
}

void MainWindow::refreshPrt()
{
    Result<std::unique_ptr<DeviceServices>> opened = DeviceServices::open(*m_environment);
    if (!opened)
        return reportDeviceOperation(false, opened.error().message);
    // The services live as long as the operation; both go when it reports.
    std::shared_ptr<DeviceServices> services = std::move(*opened);
    auto *operation = new PrtOperation(services->prt(), services->keys(), *services->registration(),
                                       services->prtStore(), this);
    m_banner->showNotice(u"Refreshing the PRT…"_s);
    connect(operation, &PrtOperation::finished, this,
            [this, operation, services](const StoredPrt &prt) {
                operation->deleteLater();
                reportDeviceOperation(
                    true,
                    u"The PRT was refreshed; it is valid until %1."_s.arg(
                        QLocale().toString(prt.expiresAt.toLocalTime(), QLocale::ShortFormat)));
            });
    connect(
        operation, &PrtOperation::failed, this, [this, operation, services](const Error &error) {
            operation->deleteLater();
            reportDeviceOperation(
                false, u"The PRT could not be refreshed: %1 %2"_s.arg(error.message, error.fix));
        });
    operation->renew();
}

void MainWindow::removePin()
{
    const auto answer = QMessageBox::question(
        this, u"Remove the Windows Hello PIN"_s,
        u"Remove the PIN and its key from this device and from your organisation? You can set "
        u"up a new PIN afterwards."_s);
    if (answer != QMessageBox::Yes)
        return;
    Result<std::unique_ptr<DeviceServices>> opened = DeviceServices::open(*m_environment);
    if (!opened)
        return reportDeviceOperation(false, opened.error().message);
    std::shared_ptr<DeviceServices> services = std::move(*opened);
    auto *operation
        = new PinOperation(services->prt(), services->keyProvisioning(), services->keys(),
                           *services->registration(), services->registrationStore(), this);
    m_banner->showNotice(u"Removing the Windows Hello PIN…"_s);
    connect(
        operation, &PinOperation::removed, this, [this, operation, services](const QString &note) {
            operation->deleteLater();
            reportDeviceOperation(true, QString(u"The Windows Hello PIN was removed. "_s + note));
        });
    connect(operation, &PinOperation::failed, this,
            [this, operation, services](const Error &error) {
                operation->deleteLater();
                reportDeviceOperation(false, u"The PIN could not be removed: "_s + error.message);
            });
    operation->remove();
}

void MainWindow::showBundle(std::shared_ptr<const Bundle::ImportedBundle> bundle)
{
    m_bundle = std::move(bundle);
    m_eventLogs->showOnly(m_bundle->eventFiles);
    QStringList names;
    for (const QString &path : m_bundle->certificateFiles)
        names.append(QDir(m_bundle->directory->path()).relativeFilePath(path));
    m_certificates->showBundleFiles(m_bundle->certificateFiles, names);
    std::optional<TpmReport> tpm;
    if (!m_bundle->tpmFile.isEmpty()) {
        QFile file(m_bundle->tpmFile);
        Result<TpmReport> report = file.open(QIODevice::ReadOnly)
            ? TpmReport::fromJson(file.read(qint64(1) << 20))
            : Result<TpmReport>(Error { ErrorDomain::Io, 0, file.errorString(), {}, {} });
        if (report)
            tpm = std::move(report).value();
        else
            m_banner->showNotice(u"The bundle's TPM report cannot be read: "_s
                                 + report.error().message);
    }
    m_tpm->showImported(tpm, m_bundle->manifest.host);
}

void MainWindow::leaveBundle()
{
    if (!m_bundle)
        return;
    m_bundle.reset();
    m_eventLogs->showThisDevice();
    m_certificates->clear();
    m_tpm->showThisComputer();
}

void MainWindow::showSnapshot(const StatusSnapshot &snapshot)
{
    if (snapshot.origin.kind != SourceKind::Bundle)
        leaveBundle();
    m_snapshot = snapshot;
    m_banner->showSource(snapshot.origin);
    for (const auto &[name, page] : std::as_const(m_statusPages))
        page->showSnapshot(snapshot);
    updateNavigationBadges();
    setWindowTitle(snapshot.origin.kind == SourceKind::ThisDevice
                       ? u"Entra Doctor — This device"_s
                       : u"Entra Doctor — %1"_s.arg(snapshot.origin.label));
    Q_EMIT snapshotShown();
}

void MainWindow::updateNavigationBadges()
{
    for (qsizetype i = 0; i < m_statusPages.size(); ++i) {
        const auto &[name, page] = m_statusPages.at(i);
        const int count = page->attentionCount();
        QListWidgetItem *item = m_navigation->item(int(i));
        item->setText(count > 0 ? u"%1  (%2)"_s.arg(name).arg(count) : name);
        item->setToolTip(count > 0 ? u"%1 value(s) need attention"_s.arg(count) : QString());
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if ((mime->hasUrls() && mime->urls().constFirst().isLocalFile()) || mime->hasText())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    const QString first = mime->hasUrls() && mime->urls().constFirst().isLocalFile()
        ? mime->urls().constFirst().toLocalFile()
        : QString();
    if (first.endsWith(u".evtx"_s, Qt::CaseInsensitive)
        || first.endsWith(u".jsonl"_s, Qt::CaseInsensitive)) {
        // Event logs dropped anywhere go to their page.
        QStringList paths;
        for (const QUrl &url : mime->urls())
            paths.append(url.toLocalFile());
        selectPage(u"Event logs"_s);
        m_eventLogs->importFiles(paths);
    } else if (!first.isEmpty()) {
        openFile(first);
    } else if (mime->hasText()) {
        openText(mime->text(), u"Dropped text"_s);
    }
    event->acceptProposedAction();
}

int runMainWindow(QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Entra Doctor"_s);
    parser.addOption({ u"import"_s, u"Open FILE instead of this device's state."_s, u"FILE"_s });
    // The CLI's global options are accepted here too, so one command line fits both.
    parser.addOption({ u"state-dir"_s, u"Registration store folder."_s, u"DIR"_s });
    parser.addOption({ u"tcti"_s, u"TPM TCTI."_s, u"TCTI"_s });
    parser.addOption({ u"cloud"_s, u"Cloud base URL."_s, u"BASE_URL"_s });
    parser.addOption({ u"ca-file"_s, u"Extra trusted CA."_s, u"PEM"_s });
    parser.addOption({ u"no-tpm"_s, u"Software keys only."_s });
    parser.process(app);
    // The TPM page reads TSS2_TCTI when no TCTI is given explicitly.
    if (parser.isSet(u"tcti"_s))
        qputenv("TSS2_TCTI", parser.value(u"tcti"_s).toUtf8());

    MainWindow window;
    window.setEnvironment(std::make_shared<DeviceEnvironment>(DeviceEnvironmentOptions {
        parser.value(u"state-dir"_s), parser.value(u"tcti"_s), parser.isSet(u"no-tpm"_s),
        parser.value(u"cloud"_s), parser.value(u"ca-file"_s) }));
    if (parser.isSet(u"import"_s))
        window.openFile(parser.value(u"import"_s));
    else
        window.recoverAndShowThisDevice();
    window.show();
    return app.exec();
}

} // namespace Entra::Ui
