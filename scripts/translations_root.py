"""Fill the project-level catalogs (locale/) from this table, then compile.

Run after `manage.py makemessages` adds strings: .venv/bin/python scripts/translations_root.py
"""

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("es", "fr", "de", "pt")
T = {
    "Unknown time zone: use an IANA name such as Europe/Paris.": (
        "Zona horaria desconocida: usa un nombre IANA como Europe/Paris.",
        "Fuseau horaire inconnu : utilisez un nom IANA comme Europe/Paris.",
        "Unbekannte Zeitzone: Verwende einen IANA-Namen wie Europe/Paris.",
        "Fuso horário desconhecido: use um nome IANA como Europe/Paris.",
    ),
    "email": ("correo electrónico", "e-mail", "E-Mail", "e-mail"),
    "first name": ("nombre", "prénom", "Vorname", "nome"),
    "last name": ("apellidos", "nom", "Nachname", "apelido"),
    "Verify email": ("Verificar correo", "Vérifier l'e-mail", "E-Mail bestätigen", "Verificar e-mail"),
    "Reset password": (
        "Restablecer contraseña",
        "Réinitialiser le mot de passe",
        "Passwort zurücksetzen",
        "Redefinir senha",
    ),
    "Free": ("Gratis", "Gratuit", "Kostenlos", "Grátis"),
    "Pro": ("Pro", "Pro", "Pro", "Pro"),
    "Granted by staff": (
        "Concedido por el equipo",
        "Accordé par l'équipe",
        "Vom Team gewährt",
        "Concedido pela equipe",
    ),
    "Apple App Store": ("App Store de Apple", "App Store d'Apple", "Apple App Store", "App Store da Apple"),
    "Google Play": ("Google Play", "Google Play", "Google Play", "Google Play"),
    "Invalid input.": ("Datos no válidos.", "Données invalides.", "Ungültige Eingabe.", "Dados inválidos."),
    "Bad request.": ("Solicitud incorrecta.", "Requête invalide.", "Ungültige Anfrage.", "Requisição inválida."),
    "You do not have permission to perform this action.": (
        "No tienes permiso para realizar esta acción.",
        "Vous n'avez pas la permission d'effectuer cette action.",
        "Du hast keine Berechtigung für diese Aktion.",
        "Você não tem permissão para realizar esta ação.",
    ),
    "Not found.": ("No encontrado.", "Introuvable.", "Nicht gefunden.", "Não encontrado."),
    "Something went wrong on our side.": (
        "Algo salió mal por nuestra parte.",
        "Un problème est survenu de notre côté.",
        "Bei uns ist etwas schiefgelaufen.",
        "Algo deu errado do nosso lado.",
    ),
    "The request could not be completed.": (
        "No se pudo completar la solicitud.",
        "La requête n'a pas pu aboutir.",
        "Die Anfrage konnte nicht abgeschlossen werden.",
        "Não foi possível concluir a requisição.",
    ),
    "That action is not allowed in the current state.": (
        "Esa acción no está permitida en el estado actual.",
        "Cette action n'est pas permise dans l'état actuel.",
        "Diese Aktion ist im aktuellen Zustand nicht erlaubt.",
        "Essa ação não é permitida no estado atual.",
    ),
    "The request conflicts with the current state.": (
        "La solicitud entra en conflicto con el estado actual.",
        "La requête est en conflit avec l'état actuel.",
        "Die Anfrage steht im Konflikt mit dem aktuellen Zustand.",
        "A requisição entra em conflito com o estado atual.",
    ),
    "Your plan does not allow this. Upgrade to Pro to lift the limit.": (
        "Tu plan no lo permite. Pásate a Pro para quitar el límite.",
        "Votre formule ne le permet pas. Passez à Pro pour lever la limite.",
        "Dein Tarif erlaubt das nicht. Wechsle zu Pro, um das Limit aufzuheben.",
        "Seu plano não permite isso. Assine o Pro para remover o limite.",
    ),
    "English": ("Inglés", "Anglais", "Englisch", "Inglês"),
    "Spanish": ("Español", "Espagnol", "Spanisch", "Espanhol"),
    "French": ("Francés", "Français", "Französisch", "Francês"),
    "German": ("Alemán", "Allemand", "Deutsch", "Alemão"),
    "Portuguese": ("Portugués", "Portugais", "Portugiesisch", "Português"),
    "Owner": ("Propietario", "Propriétaire", "Eigentümer", "Proprietário"),
    "Member": ("Miembro", "Membre", "Mitglied", "Membro"),
    "House": ("Casa", "Maison", "Haus", "Casa"),
    "Apartment": ("Apartamento", "Appartement", "Wohnung", "Apartamento"),
    "Condo": ("Condominio", "Copropriété", "Eigentumswohnung", "Condomínio"),
    "Townhouse": ("Casa adosada", "Maison de ville", "Reihenhaus", "Sobrado"),
    "Mobile home": ("Casa móvil", "Mobil-home", "Mobilheim", "Casa móvel"),
    "Cabin": ("Cabaña", "Chalet", "Hütte", "Cabana"),
    "Other": ("Otro", "Autre", "Sonstiges", "Outro"),
    "Appliances": ("Electrodomésticos", "Électroménager", "Haushaltsgeräte", "Eletrodomésticos"),
    "Cleaning": ("Limpieza", "Nettoyage", "Reinigung", "Limpeza"),
    "Electrical": ("Electricidad", "Électricité", "Elektrik", "Elétrica"),
    "Exterior": ("Exterior", "Extérieur", "Außenbereich", "Exterior"),
    "HVAC": ("Climatización", "CVC", "Heizung und Klima", "Climatização"),
    "Interior": ("Interior", "Intérieur", "Innenbereich", "Interior"),
    "Landscaping": ("Jardinería", "Aménagement paysager", "Garten", "Paisagismo"),
    "Plumbing": ("Fontanería", "Plomberie", "Sanitär", "Encanamento"),
    "Pest control": ("Control de plagas", "Lutte antiparasitaire", "Schädlingsbekämpfung", "Controle de pragas"),
    "Roofing": ("Tejado", "Toiture", "Dach", "Telhado"),
    "Safety": ("Seguridad", "Sécurité", "Sicherheit", "Segurança"),
    "Seasonal": ("De temporada", "Saisonnier", "Saisonal", "Sazonal"),
    "Low": ("Baja", "Basse", "Niedrig", "Baixa"),
    "Medium": ("Media", "Moyenne", "Mittel", "Média"),
    "High": ("Alta", "Haute", "Hoch", "Alta"),
    "Urgent": ("Urgente", "Urgente", "Dringend", "Urgente"),
    "Once": ("Una vez", "Une fois", "Einmalig", "Uma vez"),
    "Daily": ("Diaria", "Quotidienne", "Täglich", "Diária"),
    "Weekly": ("Semanal", "Hebdomadaire", "Wöchentlich", "Semanal"),
    "Every two weeks": ("Cada dos semanas", "Toutes les deux semaines", "Alle zwei Wochen", "A cada duas semanas"),
    "Monthly": ("Mensual", "Mensuelle", "Monatlich", "Mensal"),
    "Quarterly": ("Trimestral", "Trimestrielle", "Vierteljährlich", "Trimestral"),
    "Every six months": ("Cada seis meses", "Tous les six mois", "Alle sechs Monate", "A cada seis meses"),
    "Annually": ("Anual", "Annuelle", "Jährlich", "Anual"),
    "Custom": ("Personalizada", "Personnalisée", "Benutzerdefiniert", "Personalizada"),
    "General contractor": ("Contratista general", "Entrepreneur général", "Generalunternehmer", "Empreiteiro geral"),
    "Plumber": ("Fontanero", "Plombier", "Klempner", "Encanador"),
    "Electrician": ("Electricista", "Électricien", "Elektriker", "Eletricista"),
    "HVAC technician": (
        "Técnico de climatización",
        "Technicien CVC",
        "Heizungs- und Klimatechniker",
        "Técnico de climatização",
    ),
    "Roofer": ("Techador", "Couvreur", "Dachdecker", "Telhadista"),
    "Landscaper": ("Jardinero", "Paysagiste", "Gärtner", "Paisagista"),
    "Painter": ("Pintor", "Peintre", "Maler", "Pintor"),
    "Carpenter": ("Carpintero", "Menuisier", "Schreiner", "Carpinteiro"),
    "Cleaner": ("Limpiador", "Agent d'entretien", "Reinigungskraft", "Faxineiro"),
    "Appliance repair": (
        "Reparación de electrodomésticos",
        "Réparation d'électroménager",
        "Gerätereparatur",
        "Conserto de eletrodomésticos",
    ),
    "Handyman": ("Manitas", "Homme à tout faire", "Hausmeister", "Faz-tudo"),
    "Warranty": ("Garantía", "Garantie", "Garantie", "Garantia"),
    "Manual": ("Manual", "Manuel", "Handbuch", "Manual"),
    "Receipt": ("Recibo", "Reçu", "Beleg", "Recibo"),
    "Invoice": ("Factura", "Facture", "Rechnung", "Fatura"),
    "Insurance": ("Seguro", "Assurance", "Versicherung", "Seguro"),
    "Contract": ("Contrato", "Contrat", "Vertrag", "Contrato"),
    "Permit": ("Permiso", "Permis", "Genehmigung", "Licença"),
    "Inspection report": ("Informe de inspección", "Rapport d'inspection", "Prüfbericht", "Relatório de inspeção"),
    "From the completion date": (
        "Desde la fecha de finalización",
        "À partir de la date de réalisation",
        "Ab dem Erledigungsdatum",
        "A partir da data de conclusão",
    ),
    "On a fixed schedule": (
        "Según un calendario fijo",
        "Selon un calendrier fixe",
        "Nach festem Zeitplan",
        "Em um calendário fixo",
    ),
}


def main() -> int:
    missing = []
    for index, language in enumerate(COLUMNS):
        path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            if entry.msgid in T:
                entry.msgstr = T[entry.msgid][index]
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            elif not entry.msgstr:
                missing.append((language, entry.msgid))
        catalog.save()
    subprocess.run([sys.executable, "manage.py", "compilemessages", "--ignore", ".venv"], cwd=ROOT, check=True)
    for language, msgid in missing:
        print(f"untranslated [{language}]: {msgid}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
