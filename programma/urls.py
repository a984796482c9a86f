from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from contatori import health
from contatori.views import pubblico
from programma import account
from programma.views import sito

admin.autodiscover()  # here rather than at start (programma/admin_config.py)
admin.site.site_header = "Programma Infrastrutture — amministrazione"
admin.site.site_title = "Programma Infrastrutture"
admin.site.index_title = "Amministrazione"

urlpatterns = [
    # Staff get their role's home, visitors the programme's public home (the top layer gathers it).
    path("", pubblico.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("csp-report/", sito.csp_report, name="csp_report"),  # CONTENT_SECURITY_POLICY's report-uri
    path("accessibilita/", sito.accessibilita, name="accessibilita"),
    # Explicit paths rather than django.contrib.auth.urls: there is no e-mail password reset,
    # an Amministratore sets a new password in the admin.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account.CambioPasswordView.as_view(), name="password_change"),
    path("accounts/notifiche/", account.notifiche, name="notifiche"),
    path("accounts/2fa/attiva/", account.otp_attiva, name="otp_attiva"),
    path("accounts/2fa/qr.svg", account.otp_qr, name="otp_qr"),
    path("accounts/2fa/verifica/", account.otp_verifica, name="otp_verifica"),
    path("admin/", admin.site.urls),
    path("programma/", include("programma.urls_app")),
    path("importazioni/", include("programma.importazione.urls")),
    path("tavoli/", include("tavoli.urls")),
    path("eventi/", include("eventi.urls")),
    path("", include("programma.risultati.urls_pubblico")),
    path("", include("programma.urls_pubblico")),
    path("", include("contatori.urls")),
    path("", include("contatori.urls_dati")),
]
# Uploaded files are never served from MEDIA_URL: each app streams them through a scoped view.
