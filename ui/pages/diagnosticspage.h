#pragma once

#include "diagnostics/diagnosticengine.h"
#include "statuspage.h"

#include <memory>
#include <optional>

class QCheckBox;
class QLabel;
class QPushButton;

namespace Entra {
class DeviceEnvironment;
}

namespace Entra::Ui {

class FindingsView;

// The diagnostics engine's findings for the current snapshot (plus the certificate opened on
// the Certificates page and this device's TPM report): most severe first, a "problems only"
// filter, evidence and fix steps of the selected finding, and "Copy for Ticket". The engine
// runs on a pool thread; the newest request wins.
class DiagnosticsPage : public StatusPage
{
    Q_OBJECT

public:
    explicit DiagnosticsPage(QWidget *parent = nullptr);

    void showSnapshot(const StatusSnapshot &snapshot) override;
    int attentionCount() const override;

    void setCertificate(const DeviceCertificate &certificate);
    void setTpmReport(const TpmReport &report); // used for "This device" only
    // Events of the same device (the Event logs page's imports); the relevant channels are kept.
    void setEvents(const QList<Events::EventRecord> &events);
    void setProblemsOnly(bool problemsOnly);
    void copyForTicket();
    // --cloud and --ca-file for the connectivity check.
    void setEnvironment(std::shared_ptr<DeviceEnvironment> environment);
    // Tests this machine's network to every endpoint (asynchronous); the results join the
    // findings until the next check.
    void checkConnectivity();
    bool isCheckingConnectivity() const { return m_checkingNetwork; }
    // Signs in with a device code (shown on the page) and looks the device up in Entra ID; the
    // device object joins the diagnostics' input.
    void checkInCloud();
    bool isCheckingCloud() const { return m_checkingCloud; }
    QString signInText() const;

    bool isRunning() const { return m_running; }
    const std::optional<DiagnosticReport> &report() const { return m_report; }
    FindingsView *findingsView() const { return m_findings; }
    QString ticketText() const;

Q_SIGNALS:
    void reportShown(const QList<Entra::Finding> &findings);

private:
    void runAgain();
    void showReport(const DiagnosticReport &report);
    void showFindings();

    FindingsView *m_findings;
    QLabel *m_summary;
    QCheckBox *m_problemsOnly;
    QPushButton *m_copy;
    QPushButton *m_network;
    QPushButton *m_cloud;
    QLabel *m_signIn;
    bool m_checkingCloud = false;
    bool m_cloudLookedUp = false;
    std::optional<CloudDeviceRecord> m_cloudDevice;
    std::shared_ptr<DeviceEnvironment> m_environment;
    QList<Finding> m_networkFindings;
    bool m_checkingNetwork = false;
    StatusSnapshot m_snapshot;
    bool m_haveSnapshot = false;
    QList<DeviceCertificate> m_certificates;
    std::optional<TpmReport> m_tpm;
    QList<Events::EventRecord> m_events;
    std::optional<DiagnosticReport> m_report;
    quint64 m_request = 0;
    bool m_running = false;
};

} // namespace Entra::Ui
