from django.shortcuts import render


def accessibility(request):
    return render(request, "people/accessibility.html")


def privacy(request):
    return render(request, "people/privacy.html")
